"""What volunteers read, colleagues addressed as "bạn": the group's cards and replies
(bot.volunteers, bot.telegram.volunteers) and the desk at the terminal (bot.cli.desk)."""

# --- Volunteers, the group (bot.volunteers.desk) -----------------------------------------------------
VOL_CARD_HEADER = "🆘 Câu hỏi #{id} · {time}"
VOL_CARD_PROCEDURE = "Thủ tục: {title}"
VOL_CARD_STEP = "Đang ở: Bước {n}/{m} của hướng dẫn{step_title}"
VOL_CARD_QUESTION = "Câu hỏi:\n{question}"
VOL_CARD_CONTEXT = "Trao đổi gần đây với trợ lý:"
# {q}: the citizen's message, a quote on a line of its own (bot.dialogue.citizen_quote).
VOL_CARD_CONTEXT_LINE = "{q}\n→ {what}"
VOL_CONTEXT_DECISIONS = {
    "answer": "trợ lý đã trả lời: {title}",
    "clarify": "trợ lý hỏi lại để chọn thủ tục",
    "none": "trợ lý chưa trả lời được",
    "unresolved": "chuyển tình nguyện viên",
    "small_talk": "chào hỏi",
    "noise": "không hiểu",
    "guide": "đang làm hướng dẫn",
}
VOL_CARD_HOWTO = "Trả lời: bấm Trả lời (Reply) vào tin này, hoặc gõ /traloi {id} nội dung."
VOL_STATUS_OPEN = "⏳ Chưa ai nhận."
VOL_STATUS_CLAIMED = "👤 {name} đang xử lý."
VOL_STATUS_ANSWERED = "💬 {name} đã trả lời; chờ công dân xác nhận."
VOL_STATUS_RESOLVED = "✅ Đã xong."
VOL_STATUS_CANCELLED = "✖️ Công dân đã hủy câu hỏi."
VOL_STATUS_UNDELIVERABLE = "⚠️ Không gửi được cho công dân (họ đã chặn trợ lý)."
BTN_CLAIM = "Nhận"
BTN_RESOLVE = "Đã xong"
BTN_ADD_TO_KB = "Thêm vào kho"
# "Xem số đã ẩn": the numbers masked in the question, shown (an alert, to the presser only) to
# the volunteer who claimed it; the alert holds at most 200 characters.
BTN_REVEAL = "Xem số đã ẩn"
VOL_REVEAL_LABELS = {
    "id_card": "CCCD",
    "id_card_9": "CMND",
    "phone": "SĐT",
    "email": "Email",
    "bank_account": "STK",
}
VOL_REVEAL_SEPARATOR = " · "
VOL_REVEAL_REFUSED = "Chỉ tình nguyện viên đã nhận câu hỏi #{id} mới xem được các số đã ẩn. Hãy bấm Nhận trước."
VOL_REVEAL_NOTHING = "Câu hỏi #{id} không còn số nào đã ẩn để xem."
VOL_REVEAL_UNAVAILABLE = ("Không mở được các số đã ẩn của câu hỏi #{id}: khoá mã hoá đã được thay. "
                          "Bạn vui lòng hỏi lại người dân qua câu trả lời nếu cần.")
VOL_FOLLOWUP = "#{id} · công dân hỏi thêm:\n{text}"
VOL_MEDIA_CAPTION = "#{id} · công dân gửi {what}"
VOL_MEDIA_CAPTION_TEXT = "#{id} · công dân gửi {what}, kèm lời nhắn:\n{text}"
VOL_REMINDER = "⏰ Câu hỏi #{id} chưa có ai nhận (đã chờ {age}):\n{question}"
VOL_CANCELLED = "✖️ #{id}: công dân đã hủy câu hỏi."
VOL_CITIZEN_THANKS = "✅ #{id}: công dân đã hiểu, cảm ơn. Câu hỏi đã đóng."
VOL_CITIZEN_NOT_USEFUL = "👎 #{id}: công dân thấy câu trả lời chưa giúp được."
VOL_UNDELIVERABLE = (
    "⚠️ #{id}: không gửi được câu trả lời cho công dân (họ đã chặn trợ lý hoặc xóa cuộc trò chuyện). "
    "Câu hỏi được đánh dấu không gửi được."
)
VOL_CLAIMED = "Bạn đã nhận câu hỏi #{id}."
VOL_ALREADY_CLAIMED = "Câu hỏi #{id} đã có {name} nhận rồi."
VOL_ALREADY_YOURS = "Bạn đang giữ câu hỏi #{id} rồi."
VOL_CLOSED = "Câu hỏi #{id} đã đóng."
VOL_NO_SUCH = "Không có câu hỏi #{id}."
VOL_RESOLVED = "Đã đóng câu hỏi #{id}."
VOL_ANSWER_STORED = "✅ Đã lưu câu trả lời cho #{id}; đang gửi cho công dân."
VOL_CORRECTION_STORED = "✏️ Đã lưu bản sửa câu trả lời cho #{id}; đang gửi cho người dân, ghi rõ là bản sửa."
VOL_CORRECTION_STORED_NO_TELEGRAM = ("✏️ Đã lưu bản sửa câu trả lời cho #{id}. Người dân hỏi từ máy tính "
                                     "sẽ thấy bản sửa ở lần nhắn tiếp theo.")
VOL_CORRECTION_CLOSED = "Câu hỏi #{id} đã bị rút hoặc không gửi được cho người dân nữa, nên bản sửa không được gửi."
VOL_ANSWER_STORED_NO_TELEGRAM = (
    "✅ Đã lưu câu trả lời cho #{id}. Công dân hỏi từ cửa sổ dòng lệnh (không phải Telegram): "
    "họ sẽ thấy câu trả lời ở lần nhắn tiếp theo hoặc khi mở lại trợ lý. Ảnh, ghi âm, tệp "
    "không hiện được ở đó, nên hãy trả lời bằng chữ."
)
VOL_ANSWER_DUPLICATE = "Câu trả lời này đã được lưu rồi."
VOL_ANSWER_EMPTY = "Câu trả lời trống. Gõ: /traloi {id} nội dung trả lời"
VOL_ANSWER_UNSUPPORTED = "Tôi chỉ chuyển được chữ, ảnh, tin nhắn thoại, tệp và video cho công dân."
VOL_NOT_MEMBER = "Xin lỗi, chỉ thành viên nhóm tình nguyện viên mới dùng được chức năng này."
VOL_WRONG_CHAT = "Xin lỗi, nút này chỉ dùng được trong nhóm tình nguyện viên."
VOL_ACTION_FAILED = ("Xin lỗi, trợ lý gặp trục trặc nên chưa làm được việc này; chưa có gì được lưu "
                     "hay gửi đi. Bạn vui lòng thử lại sau ít phút.")
VOL_USAGE = (
    "Lệnh của nhóm tình nguyện viên:\n"
    "/hangdoi - các câu hỏi đang chờ (cũ nhất trước)\n"
    "/nhan N - nhận câu hỏi số N\n"
    "/traloi N nội dung - trả lời câu hỏi số N\n"
    "/xong N - đóng câu hỏi số N\n"
    "Hoặc bấm Trả lời (Reply) vào tin của trợ lý về câu hỏi đó."
)
VOL_USAGE_NUMBER = "Cần số câu hỏi. Ví dụ: /{command} 12"
VOL_QUEUE_HEADER = "Các câu hỏi đang chờ ({n}), cũ nhất trước:"
VOL_QUEUE_LINE = "#{id} · {age} · {status}\n{question}"
VOL_QUEUE_OPEN = "chưa ai nhận"
VOL_QUEUE_CLAIMED = "{name} đang xử lý"
VOL_QUEUE_EMPTY = "Không có câu hỏi nào đang chờ. 👏"
VOL_AGE_MINUTES = "{m} phút"
VOL_AGE_HOURS = "{h} giờ {m} phút"
VOL_AGE_DAYS = "{d} ngày {h} giờ"
VOL_KB_MENU = (
    "Thêm câu hỏi #{id} vào kho kiến thức:\n{question}\n\n"
    "Chọn thủ tục để thêm làm câu hỏi mẫu, hoặc thêm thành mục hỏi đáp mới với câu trả lời của bạn."
)
BTN_KB_AS_FAQ = "Mục hỏi đáp mới (kèm câu trả lời)"
BTN_KB_CANCEL = "Thôi"
VOL_KB_PROPOSED_QUESTION = "📚 Đã đề xuất thêm câu hỏi #{id} làm câu hỏi mẫu của \"{title}\". Cán bộ sẽ duyệt."
VOL_KB_PROPOSED_FAQ = "📚 Đã đề xuất mục hỏi đáp mới từ câu hỏi #{id}. Cán bộ sẽ duyệt."
VOL_KB_NO_ANSWER = "Câu hỏi #{id} chưa có câu trả lời của tình nguyện viên để làm mục hỏi đáp."
VOL_KB_CANCELLED = "Đã thôi, không thêm vào kho."
VOL_SEND_FAILED = "⚠️ #{id}: Telegram không nhận tin gửi cho công dân ({error})."
VOL_REPLY_UNKNOWN = (
    "Tôi không rõ tin này thuộc câu hỏi nào. Hãy bấm Trả lời (Reply) vào tin của câu hỏi, "
    "hoặc gõ /traloi N nội dung (xem số bằng /hangdoi)."
)

# --- Volunteers at the terminal: `dvcbot volunteer` (bot.cli.volunteer) -------------------------
DESK_TITLE = "Bàn làm việc của tình nguyện viên, trên máy tính · {name}"
DESK_HINT = "(Gõ số trong [ ] để chọn, #12 để mở câu hỏi số 12, /thoat để thoát.)"
DESK_ASK_NAME = "Tên của bạn (tình nguyện viên):"
DESK_NEED_NAME = "Cần tên của bạn. Thêm --name TÊN, ví dụ: {example} --name \"Nguyễn Lan\""
DESK_BAD_NAME = "Tên này không dùng được: cần từ 1 đến {max} ký tự, không có ký tự điều khiển."
DESK_NO_SUCH = "Không có câu hỏi #{id}. Xem các câu đang chờ: dvcbot volunteer queue"
DESK_HOWTO = (
    "Nhận: dvcbot volunteer claim {id} --name TÊN\n"
    "Trả lời: dvcbot volunteer answer {id} nội dung trả lời --name TÊN\n"
    "Đóng: dvcbot volunteer close {id} --name TÊN"
)
DESK_STEP_TITLE = "bước \"{title}\""
DESK_QUEUE_LINE = "#{id} · {age} · {status} · {where}{question}"
DESK_QUEUE_WHERE = "{title} · "
DESK_QUEUE_MORE = "… và {n} câu nữa (thêm --limit 0 để xem hết)."
DESK_QUEUE_ANSWERED = "Đã trả lời, chờ công dân xác nhận (đóng bằng close khi xong): {items}"
DESK_QUEUE_ANSWERED_BY = "{name} đã trả lời"
DESK_MENU_ANSWERED = "Đã trả lời, chờ công dân xác nhận:"
DESK_QUEUE_ANSWERED_ITEM = "#{id} ({name})"
DESK_MESSAGES = "Tin nhắn sau câu hỏi:"
DESK_MESSAGE_CITIZEN = "[{time}] Công dân: {text}"
DESK_MESSAGE_VOLUNTEER = "[{time}] {name}: {text}"
DESK_MESSAGE_VOLUNTEER_NAME = "Tình nguyện viên"
DESK_MESSAGE_FILE = "({what})"
DESK_ANSWER_QUEUED = (
    "Tin đã vào hàng gửi: trợ lý Telegram đang chạy (dvcbot run) sẽ gửi cho công dân trong vài giây; "
    "nếu trợ lý chưa chạy, tin chờ đến khi trợ lý chạy."
)
DESK_ANSWER_EMPTY = "Câu trả lời trống. Gõ: dvcbot volunteer answer {id} nội dung trả lời --name TÊN"
DESK_ANSWER_FROM_STDIN = "Gõ câu trả lời cho #{id}, xong thì bấm Ctrl-D (dòng mới) để gửi:"
DESK_ANSWER_PROMPT = "Gõ câu trả lời cho #{id} trên một dòng (để trống: thôi, không gửi):"
DESK_ANSWER_DROPPED = "Đã thôi, chưa gửi gì."
DESK_SUGGEST_CHOOSE = "Thêm câu hỏi #{id} vào kho kiến thức:\n\"{question}\"\nChọn một cách:"
DESK_SUGGEST_PROCEDURE = "  --procedure {pid}   làm câu hỏi mẫu của \"{title}\""
DESK_SUGGEST_FAQ = "  --faq   thành mục hỏi đáp mới, kèm câu trả lời của bạn"
DESK_SUGGEST_BOTH = "Chọn một trong hai: --procedure ID hoặc --faq."
DESK_UNKNOWN_PROCEDURE = "Không có thủ tục có id \"{id}\"."
DESK_GROUP_CLAIMED = "🖥 #{id}: {name} đã nhận câu hỏi này (làm trên máy tính)."
DESK_GROUP_ANSWERED = "🖥 #{id}: {name} đã trả lời trên máy tính:\n{answer}"
DESK_GROUP_RESOLVED = "🖥 #{id}: {name} đã đóng câu hỏi (trên máy tính)."
DESK_BTN_OPEN = "#{id}"
DESK_BTN_REFRESH = "Làm mới hàng đợi"
DESK_BTN_ANSWER = "Trả lời"
DESK_BTN_BACK = "Quay lại hàng đợi"
DESK_NO_SUCH_CHOICE = "Không có lựa chọn số {n}. Gõ một số trong [ ] ở trên."
DESK_NOT_UNDERSTOOD = "Tôi chưa hiểu. Gõ một số trong [ ], #12 để mở câu hỏi 12, hoặc /thoat để thoát."
DESK_BYE = "Tạm biệt, cảm ơn bạn!"
DESK_SUGGEST_NOT_YET = "Câu hỏi #{id} chưa có câu trả lời của tình nguyện viên: trả lời trước, rồi mới thêm vào kho."
DESK_BAD_NUMBER = "\"{value}\" không phải số câu hỏi. Gõ số, ví dụ 12 hoặc #12."
DESK_INVALID_KNOWLEDGE = "Tệp thủ tục có lỗi, chưa mở được bàn làm việc (báo cán bộ sửa bằng dvcbot check):"
DESK_DB_ERROR = "Cơ sở dữ liệu báo lỗi ({error}), chưa làm được. Bạn thử lại sau ít phút."
