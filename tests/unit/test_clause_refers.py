"""A request that names no service refers back past the story of what went wrong on the way
(knowledge.clause_refers): the clause that names the service is the focus, the mishaps between
weigh as story.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import numpy as np

from knowledge.index_cache import IndexCache, strings_to_array
from knowledge.matching import Matcher

MISHAP = ("sáng nay tui chở má lên xã làm tài khoản định danh cho bả mà quên đem theo căn cước, chạy về nhà "
          "lấy rồi lên lại thì cán bộ nghỉ trưa, chiều đi lại thì phải mang theo những gì cho đủ vậy")


def _weights(matcher, text: str) -> list[tuple[str, float]]:
    return [(" ".join(t.text for t in c.tokens), c.focus) for c in matcher._finder.clauses(text)]


def _weight_of(matcher, text: str, words: str) -> float:
    return next(w for clause, w in _weights(matcher, text) if words in clause)


def test_request_naming_nothing_asks_about_the_service_named_before_the_mishaps(matcher):
    assert _weight_of(matcher, MISHAP, "tai khoan dinh danh") == 1.0
    assert _weight_of(matcher, MISHAP, "nghi trua") < 1.0  # what happened on the way: story
    route = matcher.route(MISHAP)
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route


def test_an_official_is_no_need(matcher):
    # "cán bộ" folds to "cần bộ": no request in the story, which stays story.
    text = ("ba tui lên xã xin trích lục khai sinh cho thằng út, cán bộ hẹn thứ sáu lên lấy, thứ sáu lên thì "
            "cán bộ đi họp, giờ đi lại thì có cần đem theo giấy gì thêm không")
    assert _weight_of(matcher, text, "di hop") < 1.0
    assert _weight_of(matcher, text, "trich luc") == 1.0


def test_control_a_clause_between_that_asks_stays_in_the_focus(matcher):
    # The question between is part of what is asked: nothing is passed over as story.
    text = ("sáng nay tui chở má lên xã làm tài khoản định danh cho bả mà quên đem theo căn cước, về lấy "
            "được không hay phải đi lại, chiều đi lại thì phải mang theo những gì cho đủ vậy")
    assert _weight_of(matcher, text, "ve lay") == 1.0


def test_control_a_request_that_names_its_service_keeps_its_own_focus(matcher):
    # The request names the card itself: the account named before it is not what is asked.
    text = ("sáng nay tui chở má lên xã làm tài khoản định danh cho bả, chạy về nhà lấy giấy rồi lên lại thì "
            "cán bộ nghỉ trưa, giờ làm lại căn cước cho bả thì mang theo những gì")
    assert _weight_of(matcher, text, "tai khoan dinh danh") < 1.0


# ---- the names are tokenised once and kept with the index (knowledge.match_index) ---------------

RAINED_OFF = ("chiều qua em lên công an xã làm tài khoản định danh điện tử mà quên mang điện thoại, về nhà lấy "
              "thì trời đổ mưa to, mai lên lại thì cần chuẩn bị những gì ạ")


def test_a_matcher_from_a_warm_index_cache_finds_the_same_service_names(kb, tmp_path, monkeypatch):
    fresh = Matcher(kb, cache=IndexCache(None)).route(RAINED_OFF)
    assert (fresh.decision, fresh.procedure) == ("answer", "vneid-dinh-danh-muc-2"), fresh
    cache = IndexCache(tmp_path, min_phrasings=0)
    assert Matcher(kb, cache=cache).route(RAINED_OFF) == fresh  # builds the index, writes the entry

    def no_build(*args, **kwargs):
        raise AssertionError("the index should come from the cache")

    monkeypatch.setattr(Matcher, "_build", no_build)
    assert Matcher(kb, cache=cache).route(RAINED_OFF) == fresh  # restored: the names from the entry
    assert len(list(tmp_path.glob("*.npz"))) == 1


def test_control_a_restored_matcher_names_what_the_cache_entry_names(kb, tmp_path):
    # With the entry's names emptied, the account named before the mishap is no longer a
    # service's name: the request refers back to nothing, so the names do come from the entry.
    cache = IndexCache(tmp_path, min_phrasings=0)
    Matcher(kb, cache=cache)
    (entry,) = tmp_path.glob("*.npz")
    with np.load(entry) as data:
        arrays = {name: data[name] for name in data.files}
    arrays.update(name_tokens=strings_to_array([]), n_name_tokens=np.asarray(0),
                  name_lengths=np.zeros_like(arrays["name_lengths"]))
    np.savez(entry, **arrays)
    assert Matcher(kb, cache=cache).route(RAINED_OFF).procedure != "vneid-dinh-danh-muc-2"
