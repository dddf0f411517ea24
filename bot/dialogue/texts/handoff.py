"""What citizens read about the volunteers: consent, the hand-off, follow-ups, limits, a
volunteer's answer relayed (bot.dialogue.handoff, bot.dialogue.relayed)."""

# --- Volunteers, citizen side (bot.dialogue.handoff) --------------------------------------------------
# Said to the citizen before anything is shared with volunteers.
ESC_CONSENT = (
    "Trợ lý gửi câu hỏi này cho tình nguyện viên đoàn thanh niên nhé?\n"
    "Họ sẽ thấy câu hỏi, thủ tục bà con đang làm và vài tin nhắn gần đây của bà con với Trợ lý, "
    "nhưng không thấy số điện thoại hay số căn cước của bà con (Trợ lý che các con số đó).\n\n"
    "Câu hỏi: \"{question}\""
)
ESC_CONSENT_NO_QUESTION = (
    "Trợ lý gửi cho tình nguyện viên đoàn thanh niên nhé?\n"
    "Họ sẽ thấy tin nhắn của bà con và thủ tục bà con đang làm, nhưng không thấy số điện thoại "
    "hay số căn cước của bà con (Trợ lý che các con số đó)."
)
BTN_CONSENT_YES = "Đồng ý"
BTN_CONSENT_NO = "Không"
ESC_DECLINED = "Vâng, Trợ lý không gửi. Bà con cứ gõ câu hỏi khác, hoặc gõ /thutuc để xem các thủ tục."
ESC_ASK_QUESTION = (
    "Vâng, Trợ lý sẽ nhờ tình nguyện viên đoàn thanh niên. "
    "Bà con gõ câu hỏi của mình vào đây (không cần gửi số điện thoại hay số căn cước) nhé."
)
ESC_OPENED_IN_HOURS = (
    "✅ Đã gửi câu hỏi của bà con cho tình nguyện viên (số #{id}).\n"
    "Bây giờ đang trong giờ làm việc, tình nguyện viên sẽ trả lời sớm. "
    "Câu trả lời sẽ hiện ngay trong cuộc trò chuyện này."
)
ESC_OPENED_OUT_OF_HOURS = (
    "✅ Đã gửi câu hỏi của bà con cho tình nguyện viên (số #{id}).\n"
    "Bây giờ ngoài giờ làm việc; tình nguyện viên sẽ trả lời vào giờ làm việc ({hours}, {days}). "
    "Câu trả lời sẽ hiện ngay trong cuộc trò chuyện này."
)
ESC_WHILE_WAITING = (
    "Trong lúc chờ, bà con có thể gõ thêm chi tiết hoặc gửi ảnh chụp màn hình: Trợ lý sẽ chuyển cho "
    "tình nguyện viên. Gõ /huy nếu không cần nữa.\n"
    "Đừng gửi mật khẩu, mã OTP hay mã PIN cho bất kỳ ai."
)
ESC_ALREADY_OPEN = (
    "Câu hỏi số #{id} của bà con đang chờ tình nguyện viên. Tin nhắn bà con gõ thêm sẽ được chuyển "
    "cho họ. Gõ /huy nếu không cần nữa."
)
ESC_FORWARDED = "Đã chuyển cho tình nguyện viên (câu hỏi #{id})."
# No volunteers' group configured (DVCBOT_VOLUNTEER_CHAT_ID): the question is stored for staff
# (`dvcbot unresolved`), and nobody is told at once: say so honestly.
ESC_RECORDED_NO_GROUP = (
    "📝 Trợ lý đã ghi lại câu hỏi của bà con (số #{id}). Hiện Trợ lý chưa được nối với nhóm tình "
    "nguyện viên, nên chưa có ai được báo ngay; cán bộ xã sẽ xem các câu hỏi đã ghi lại.\n"
    "Nếu việc gấp, bà con đến bộ phận một cửa của UBND xã để được hướng dẫn trực tiếp."
)
ESC_ADDED_NO_GROUP = "Đã ghi thêm vào câu hỏi #{id}; cán bộ xã sẽ xem cùng câu hỏi."
ESC_FORWARDED_MEDIA = "Đã chuyển {what} cho tình nguyện viên (câu hỏi #{id})."
# DVCBOT_MAX_FOLLOWUPS_PER_HOUR reached: this message is not forwarded.
ESC_FOLLOWUPS_CAPPED = (
    "Bà con đã gửi {n} tin thêm cho câu hỏi #{id} trong một giờ qua; tình nguyện viên sẽ đọc hết rồi "
    "trả lời. Tin vừa rồi chưa được chuyển: khoảng {minutes} phút nữa bà con gửi lại giúp Trợ lý nhé. "
    "Gõ /huy nếu không cần hỏi nữa."
)
ESC_MEDIA_WHAT = {"photo": "ảnh", "voice": "tin nhắn thoại", "document": "tệp", "video": "video",
                  "sticker": "nhãn dán"}
ESC_MEDIA_WHAT_DEFAULT = "tin nhắn"
ESC_MEDIA_NOT_FORWARDED = "Trợ lý chưa chuyển được loại tin nhắn này. Bà con gõ bằng chữ giúp nhé."
BTN_AUTO_ANSWER = "Trợ lý tự trả lời"
ESC_AUTO_NOTHING = "Bà con gõ câu hỏi, Trợ lý sẽ thử trả lời nhé."
ESC_CANCELLED = "Đã hủy câu hỏi #{id} gửi tình nguyện viên. Bà con có thể gõ câu hỏi khác bất cứ lúc nào."
ESC_CLOSED = "Câu hỏi #{id} đã đóng. Nếu cần, bà con cứ gõ câu hỏi mới nhé."
ESC_NOT_AVAILABLE = (
    "Hiện chưa gửi được cho tình nguyện viên. Bà con thử lại sau, hoặc hỏi bộ phận một cửa của xã nhé."
)
# DVCBOT_MAX_ESCALATIONS_PER_DAY reached: no new question for the volunteers today.
ESC_DAILY_LIMIT = (
    "Hôm nay bà con đã gửi {n} câu hỏi cho tình nguyện viên, đã đủ số câu trong ngày. "
    "Nếu việc gấp, bà con đến bộ phận một cửa của UBND xã để cán bộ hướng dẫn trực tiếp, "
    "hoặc ngày mai bà con gửi tiếp nhé. Bà con vẫn có thể gõ câu hỏi để Trợ lý tự trả lời."
)
# A volunteer's answer, relayed.
ESC_ANSWER = "💬 Tình nguyện viên trả lời câu hỏi #{id} của bà con:\n\n{answer}"
ESC_ANSWER_MEDIA = "💬 Tình nguyện viên gửi bà con (câu hỏi #{id})"
ESC_ANSWER_CORRECTED = "✏️ Tình nguyện viên đã sửa câu trả lời cho câu hỏi #{id}:\n\n{answer}"
ESC_ANSWER_FILE_ON_TELEGRAM = ("(Tình nguyện viên gửi kèm một tệp, chỉ xem được trong Telegram. "
                               "Cần giải thích bằng chữ thì bấm “Hỏi thêm”.)")
BTN_UNDERSTOOD = "Đã hiểu, cảm ơn"
BTN_ASK_MORE = "Hỏi thêm"
BTN_ANSWER_USEFUL = "👍"
BTN_ANSWER_NOT_USEFUL = "👎"
ESC_THANKS = "Cảm ơn bà con! Câu hỏi #{id} đã xong. Cần gì cứ hỏi Trợ lý nhé."
ESC_ASK_MORE = "Bà con gõ câu hỏi thêm vào đây, Trợ lý sẽ chuyển cho tình nguyện viên (câu hỏi #{id})."
ESC_ANSWER_NOT_USEFUL = (
    "Xin lỗi vì câu trả lời chưa giúp được bà con. Bấm \"Hỏi thêm\" để nói rõ hơn với tình nguyện viên."
)
# Asking for a person: folded phrases (no diacritics) that mean "let me talk to a human".
PERSON_PHRASES = (
    "gap nguoi", "gap nguoi that", "hoi nguoi", "hoi nguoi that", "hoi can bo", "gap can bo",
    "noi chuyen voi nguoi", "noi chuyen voi nguoi that", "noi chuyen voi can bo",
    "gap tinh nguyen vien", "hoi tinh nguyen vien", "nho tinh nguyen vien",
    "can nguoi ho tro", "can nguoi giup", "gap nhan vien", "nguoi that", "tu van vien",
)
