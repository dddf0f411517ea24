"""Staff read the questions citizens asked, each once, most asked first: the same question
typed with or without diacritics, with typos, politeness or another word order is one group;
different questions stay apart."""
from __future__ import annotations

import random
import time

import pytest

from knowledge.grouping import Group, group_similar


def group_of(groups: list[Group], text: str) -> Group:
    found = [g for g in groups if text in g.examples]
    assert len(found) == 1, (text, groups)
    return found[0]


def test_no_questions_no_groups():
    assert group_similar([]) == []
    assert group_similar([("   ", 3), ("", 1)]) == []


def test_one_question_is_one_group():
    assert group_similar(["Đăng ký tạm trú ở đâu?"]) == [
        Group("Đăng ký tạm trú ở đâu?", 1, ["Đăng ký tạm trú ở đâu?"])]


def test_diacritics_case_typos_and_politeness_do_not_split_a_question():
    variants = [
        "Đăng ký tạm trú ở đâu?",
        "dang ky tam tru o dau",
        "ĐĂNG KÝ TẠM TRÚ Ở ĐÂU",
        "dnag ky tam tru o dau vay ad",  # typo, particles
        "cho em hỏi đăng ký tạm trú ở đâu ạ",
        "dk tam tru o dau",  # abbreviation
        "Dạ anh ơi cho em hỏi đăng kí tạm trú ở đâu ạ?",  # "kí" spelling
        "tạm trú đăng ký ở đâu",  # word order
    ]

    groups = group_similar(variants)

    assert len(groups) == 1
    assert sorted(groups[0].examples) == sorted(variants)
    assert groups[0].count == len(variants)


def test_different_questions_stay_apart():
    questions = [
        "đăng ký tạm trú ở đâu",
        "đăng ký thường trú ở đâu",
        "làm căn cước cho con mấy tuổi",
        "đổi giấy phép lái xe online",
        "đăng ký khai sinh trên dịch vụ công được không",
        "đăng ký xe máy mới trên dịch vụ công được không",  # same template, other subject
        "đăng ký kết hôn cần giấy tờ gì",
        "xin giấy xác nhận tình trạng hôn nhân",
        "chữ ký số giá bao nhiêu",
        "hello",
    ]

    groups = group_similar(questions)

    assert len(groups) == len(questions)
    assert all(g.count == 1 and g.examples == [g.representative] for g in groups)


def test_mixed_questions_group_by_meaning():
    asked = [
        "làm căn cước cho trẻ em ở đâu", "lam can cuoc cho tre em o dau", "làm căn cuớc cho trẻ em ở đâu ạ",
        "đổi bằng lái xe online", "doi bang lai xe onl", "đổi bằng lái xe online được ko",
        "nộp lệ phí bằng momo được không", "nop le phi bang momo dc ko",
    ]

    groups = group_similar(asked)

    assert len(groups) == 3
    assert {len(g.examples) for g in groups} == {3, 2}
    assert group_of(groups, "doi bang lai xe onl") is group_of(groups, "đổi bằng lái xe online")
    assert group_of(groups, "nop le phi bang momo dc ko") is not group_of(groups, "doi bang lai xe onl")


def test_groups_are_ordered_by_how_often_they_were_asked():
    asked = [
        ("chữ ký số giá bao nhiêu", 2),
        ("đăng ký tạm trú ở đâu", 3),
        ("dang ky tam tru o dau", 4),
        ("làm lại căn cước bị mất", 5),
        ("đổi giấy phép lái xe", 2),
    ]

    groups = group_similar(asked)

    assert [(g.representative, g.count) for g in groups] == [
        ("dang ky tam tru o dau", 7),  # the wording asked most represents the group
        ("làm lại căn cước bị mất", 5),
        ("chữ ký số giá bao nhiêu", 2),  # equal counts: by representative
        ("đổi giấy phép lái xe", 2),
    ]
    assert groups[0].examples == ["dang ky tam tru o dau", "đăng ký tạm trú ở đâu"]


def test_repeated_texts_are_counted_and_shown_once():
    groups = group_similar(["tạm trú online", "tạm trú online", "tam tru online", "tạm trú online"])

    assert groups == [Group("tạm trú online", 4, ["tạm trú online", "tam tru online"])]


def test_a_tie_prefers_the_wording_with_diacritics():
    groups = group_similar([("lam can cuoc o dau", 2), ("làm căn cước ở đâu", 2)])

    assert groups[0].representative == "làm căn cước ở đâu"


def test_threshold_makes_grouping_stricter_or_looser():
    pair = ["đăng ký tạm trú cho con", "dang ky tam tru cho con nho"]

    assert len(group_similar(pair, threshold=99)) == 2
    assert len(group_similar(pair, threshold=70, word_agreement=0.6)) == 1


def test_a_bad_threshold_is_refused():
    with pytest.raises(ValueError):
        group_similar(["a"], threshold=120)


def test_thousands_of_questions_group_quickly():
    rng = random.Random(5)
    subjects = ["tạm trú", "thường trú", "căn cước", "hộ chiếu", "khai sinh", "kết hôn", "giấy phép lái xe",
                "chữ ký số", "lý lịch tư pháp", "đăng ký xe", "sang tên xe", "sổ đỏ"]
    asks = ["làm {} ở đâu", "{} mất bao nhiêu tiền", "{} cần giấy tờ gì", "{} bao lâu thì xong",
            "{} làm online được không"]
    texts = []
    for _ in range(5000):
        text = rng.choice(asks).format(rng.choice(subjects))
        if rng.random() < 0.5:
            text = rng.choice(["cho em hỏi ", "ad ơi ", ""]) + text + rng.choice([" ạ", " vậy ad", "?"])
        texts.append(text)
    # and 2,000 unrelated one-off messages
    letters = "abcdeghiklmnopqrstuvxy"
    texts += [" ".join("".join(rng.choices(letters, k=rng.randint(2, 6))) for _ in range(6)) for _ in range(2000)]

    started = time.perf_counter()
    groups = group_similar(texts)
    elapsed = time.perf_counter() - started

    assert sum(g.count for g in groups) == len(texts)
    assert elapsed < 10, elapsed
    top = groups[0]
    assert top.count >= 40 and len(top.examples) > 1
    # every group of the generated questions is about one subject
    for g in groups[:60]:
        assert len({s for s in subjects for e in g.examples if s in e}) <= 2, g
