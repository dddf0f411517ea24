""""Đồng bào dân tộc" names people (ethnic minorities, who a support is for), not the ethnicity
written in a birth certificate: it is kept as one word (synonyms), so its "dân tộc" is no cue of
the civil-status correction. A citizen asking to change the ethnicity written is still the
correction.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_support_for_poor_ethnic_people_is_not_the_correction(matcher):
    route = matcher.route("đồng bào dân tộc thiểu số nghèo xin hỗ trợ làm nhà thì nộp hồ sơ ở đâu")
    assert route.decision == "none" and route.out_of_scope == "ho-ngheo", route


def test_control_the_ethnicity_written_is_still_the_correction(matcher):
    route = matcher.route("Con tôi khai sinh ghi dân tộc Kinh mà mẹ nó người Chăm, "
                          "muốn đổi theo dân tộc mẹ thì làm sao")
    assert (route.decision, route.procedure) == ("answer", "cai-chinh-ho-tich"), route
