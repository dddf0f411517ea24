"""'Làm sổ đỏ/sổ hồng' (a certificate to be made) is the first land registration, not the transfer
of a certificate that exists (cues of dang-ky-dat-dai-lan-dau: 'lam so do', 'lam so', 'lam giay
chung nhan'); the transfer said with it ('làm sổ sang tên') stays the transfer.

Every sentence below was written for these tests; none is copied from a labelled set.
"""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "Nhà ông tôi ở lô đất này từ hồi 1998, có giấy mua bán viết tay với chủ cũ, nay muốn làm sổ hồng thì "
    "lên xã nộp những gì",
    "mua miếng đất giấy tay từ năm 2003, giờ muốn làm sổ thì lên xã hỏi ai",
    "gia dinh em song tren lo dat nay tu nam 2001, chi co giay viet tay mua lai cua ba con, gio muon lam so do "
    "cho chac an thi can nop gi",
])
def test_a_certificate_to_be_made_is_the_first_registration(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-dat-dai-lan-dau"), route


@pytest.mark.parametrize("text", [
    "Ba má cho miếng đất, đã có sổ hồng đứng tên ba, giờ làm sổ sang tên con được không",
    "Tôi mua lô đất của người quen, bên bán đã có sổ đỏ, giờ muốn sang tên sổ qua tên tôi thì làm sao",
])
def test_control_a_certificate_passed_on_stays_the_transfer(matcher, text):
    route = matcher.route(text)
    assert (route.decision, route.procedure) == ("answer", "dang-ky-bien-dong-dat-dai"), route
