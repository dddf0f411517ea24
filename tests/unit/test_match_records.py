"""Wrong here, right there (vocabulary `records`, knowledge.match_records): the record the
message tells wrong is the one to correct; the one it tells right, or compares with, is not.
Data wrong in VNeID, the social-insurance book or the health-insurance card while the birth
certificate or the ID card is right goes to where that record is kept; a birth certificate
that is itself wrong is the civil-status correction.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, neighbour", [
    ("trên ứng dụng VNeID tên đệm của tôi bị sai, căn cước thì ghi đúng, sửa ở đâu", "dieu-chinh-csdl-dan-cu"),
    ("sổ BHXH của em sai năm sinh so với giấy khai sinh, điều chỉnh ở đâu", "bao-hiem-xa-hoi"),
    ("thẻ bảo hiểm y tế của con ghi sai tên so với khai sinh, sửa ở đâu", "bao-hiem-y-te"),
])
def test_the_record_told_wrong_is_corrected_where_it_is_kept(matcher, text, neighbour):
    route = matcher.route(text)
    assert (route.decision, route.out_of_scope) == ("none", neighbour), route


@pytest.mark.parametrize("text, procedure", [
    # The birth certificate itself is wrong: the others are right.
    ("giấy khai sinh của ba tui ghi sai năm sinh, còn căn cước với sổ bảo hiểm thì đúng, sửa khai sinh ở đâu",
     "cai-chinh-ho-tich"),
    # Controls: no record told right; "cho khớp" is what is wanted; "đang dùng" is no "đúng".
    ("giấy khai sinh ghi sai tên đệm của con, sửa lại thế nào", "cai-chinh-ho-tich"),
    ("muốn cải chính giấy khai sinh cho khớp với căn cước", "cai-chinh-ho-tich"),
    ("thẻ căn cước đang dùng bị sai ngày sinh, giấy khai sinh thì đúng, làm lại thẻ ở đâu", "cap-doi-cap-lai-can-cuoc"),
])
def test_a_wrong_procedure_record_keeps_its_procedure(matcher, text, procedure):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", procedure), route


@pytest.mark.parametrize("words, wrong, right", [
    ("vneid ghi sai que quan ma khai sinh voi can cuoc thi ghi dung", {"dieu-chinh-csdl-dan-cu"},
     {"cai-chinh-ho-tich", "cap-doi-cap-lai-can-cuoc"}),
    ("so bao hiem xa hoi lech nam sinh so voi can cuoc", {"bao-hiem-xa-hoi"}, {"cap-doi-cap-lai-can-cuoc"}),
    ("sua khai sinh cho dung", set(), set()),  # what is wanted, not what is
])
def test_told_reads_which_record_is_wrong(matcher, words, wrong, right):
    told_wrong, told_right, _ = matcher._records.told(words.split())
    ids = {d: matcher.docs[d].id for d in told_wrong | told_right}
    assert ({ids[d] for d in told_wrong}, {ids[d] for d in told_right}) == (wrong, right)
