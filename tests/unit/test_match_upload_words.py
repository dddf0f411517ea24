""""Up hình", "up file" is an upload (abbreviation up -> tải lên) and a file, picture or photo "quá
nặng" is one over the size limit (synonyms, the phrase only: "nặng" folds to "nâng", of "nâng
mức 2"): the online submission's portal errors.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations


def test_a_picture_too_heavy_to_upload_is_the_online_submission(matcher):
    route = matcher.route("up ảnh sổ hộ khẩu lên cổng mà nó báo ảnh quá nặng")
    assert (route.decision, route.procedure) == ("answer", "nop-ho-so-truc-tuyen"), route  # was the residence


def test_control_raising_the_account_is_still_the_account(matcher):
    route = matcher.route("tài khoản vneid muốn nâng lên mức 2 thì làm sao")
    assert (route.decision, route.procedure) == ("answer", "vneid-dinh-danh-muc-2"), route
