"""A thank-you that tells something finished ("cảm ơn, làm xong rồi") is a closing: small talk,
not a question about the procedure it names (knowledge.match_thanks). With a question, a
request or a trouble told, it is read as usual.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "cám ơn ad nhiều, em đăng ký tạm trú cho vợ xong rồi",
    "ok cam on nha, toi da doi bang lai xong xuoi",
])
def test_thanks_for_a_finished_procedure_is_small_talk(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.kind) == ("none", "small_talk"), route


@pytest.mark.parametrize("text, procedure", [
    ("cảm ơn ad, làm tạm trú xong rồi thì bao lâu có kết quả", "dang-ky-tam-tru"),
    ("cám ơn nha, căn cước của em bị mất rồi", "cap-doi-cap-lai-can-cuoc"),
    ("cảm ơn ad, nhưng hồ sơ em bị trả về rồi", "tra-cuu-ho-so"),
])
def test_control_thanks_with_a_question_or_a_trouble_is_read_as_usual(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route
