"""What citizens read: commands, welcome, small talk, answer cards, clarifying, feedback,
walkthroughs, browsing, cancelling, the terminal chat, and the tags that replace personal data."""

# --- Commands (Telegram's setMyCommands and the /help text) ---------------------------------
COMMANDS: list[tuple[str, str]] = [
    ("start", "Bắt đầu, chọn việc cần làm"),
    ("thutuc", "Xem danh sách thủ tục"),
    ("tieptuc", "Làm tiếp hướng dẫn đang dở"),
    ("huy", "Hủy việc đang làm"),
    ("hoinguoi", "Hỏi tình nguyện viên (người thật)"),
    ("help", "Cách dùng trợ lý"),
]

# --- Welcome, help ----------------------------------------------------------------------------
WELCOME = (
    "Xin chào bà con! Đây là Trợ lý Dịch vụ công.\n"
    "Trợ lý giúp bà con tìm hiểu thủ tục hành chính: cần giấy tờ gì, làm ở đâu, mất bao lâu, "
    "lệ phí bao nhiêu, và hướng dẫn từng bước làm trên điện thoại.\n\n"
    "Bà con cứ gõ câu hỏi, có dấu hay không dấu đều được. Ví dụ: \"đăng ký tạm trú cần gì\".\n"
    "Hoặc bấm một nút dưới đây:"
)
WELCOME_RESUME = "Bà con đang làm dở hướng dẫn \"{title}\" ở Bước {n}. Bấm nút để làm tiếp."
# Big buttons of /start: (label, procedure id). Only those present in the knowledge base show.
START_SHORTCUTS: list[tuple[str, str]] = [
    ("Tạm trú", "dang-ky-tam-tru"),
    ("Thường trú", "dang-ky-thuong-tru"),
    ("Căn cước", "cap-the-can-cuoc"),
    ("Khai sinh", "dang-ky-khai-sinh"),
    ("Chữ ký số", "chu-ky-so-ca-nhan"),
    ("Nộp hồ sơ trực tuyến", "nop-ho-so-truc-tuyen"),
]
BTN_ALL_PROCEDURES = "Xem tất cả thủ tục"

HELP = (
    "Cách dùng Trợ lý Dịch vụ công:\n\n"
    "• Gõ câu hỏi như khi hỏi cán bộ, có dấu hay không dấu đều được. Ví dụ:\n"
    "   - đăng ký tạm trú cần giấy tờ gì\n"
    "   - làm căn cước cho con 5 tuổi\n"
    "   - chu ky so la gi\n"
    "• Bấm nút dưới tin nhắn để xem thêm hoặc làm theo từng bước.\n"
    "• Không biết hỏi gì? Gõ /thutuc để xem danh sách thủ tục.\n\n"
    "Các lệnh:\n{commands}\n\n"
    "Lưu ý an toàn: không bao giờ gửi mật khẩu, mã OTP, mã PIN hay số căn cước đầy đủ vào đây. "
    "Trang web chính thức của nhà nước có đuôi .gov.vn."
)
COMMAND_LINE = "/{command} - {description}"
UNKNOWN_COMMAND = "Trợ lý không hiểu lệnh \"/{command}\". Các lệnh bà con có thể dùng:\n{commands}"

# --- Small talk -------------------------------------------------------------------------------
SMALL_TALK = {
    "greeting": "Chào bà con! Bà con cần hỏi thủ tục gì? Cứ gõ câu hỏi, hoặc gõ /thutuc để xem danh sách.",
    "thanks": "Không có gì ạ! Chúc bà con làm thủ tục thuận lợi. Cần gì cứ hỏi Trợ lý nhé.",
    "ack": "Vâng ạ. Bà con cần hỏi thêm gì cứ gõ nhé.",
    "bye": "Tạm biệt bà con! Khi cần cứ quay lại hỏi Trợ lý nhé.",
    "identity": (
        "Đây là Trợ lý Dịch vụ công, một chương trình tự động (không phải người). "
        "Trợ lý trả lời về thủ tục hành chính; việc khó thì Trợ lý chuyển cho tình nguyện viên đoàn thanh niên."
    ),
}
SMALL_TALK_DEFAULT = "Vâng ạ. Bà con cần hỏi thủ tục gì cứ gõ nhé."

# --- Input problems -----------------------------------------------------------------------------
EMPTY_TEXT = "Bà con hãy gõ câu hỏi của mình nhé. Ví dụ: \"đăng ký tạm trú cần gì\"."
TOO_LONG = (
    "Tin nhắn của bà con khá dài, Trợ lý chỉ đọc phần đầu. "
    "Lần sau bà con gõ ngắn gọn một câu hỏi thì Trợ lý hiểu nhanh hơn ạ."
)
MEDIA = {
    "photo": (
        "Trợ lý chỉ đọc được chữ, chưa xem được ảnh. Bà con hãy gõ câu hỏi bằng chữ nhé.\n"
        "Nếu cần người xem ảnh chụp màn hình giúp, bấm \"Gửi cho tình nguyện viên\": "
        "tình nguyện viên sẽ nhắn lại để xem cùng bà con."
    ),
    "voice": (
        "Trợ lý chưa nghe được tin nhắn thoại. Bà con hãy gõ câu hỏi bằng chữ nhé, "
        "không dấu cũng được (ví dụ: \"dang ky tam tru\")."
    ),
    "sticker": "Cảm ơn bà con! Trợ lý chỉ đọc được chữ. Bà con cần hỏi thủ tục gì cứ gõ nhé.",
    "location": "Trợ lý chỉ đọc được chữ, chưa dùng được vị trí. Bà con hãy gõ câu hỏi của mình nhé.",
    "document": (
        "Trợ lý chỉ đọc được chữ, chưa mở được tệp. Bà con hãy gõ câu hỏi của mình nhé. "
        "Đừng gửi giấy tờ cá nhân vào đây."
    ),
    "video": "Trợ lý chỉ đọc được chữ, chưa xem được video. Bà con hãy gõ câu hỏi của mình nhé.",
}
MEDIA_DEFAULT = "Trợ lý chỉ đọc được chữ. Bà con hãy gõ câu hỏi của mình nhé."
ERROR = "Xin lỗi, Trợ lý vừa gặp lỗi. Bà con thử lại sau ít phút, hoặc gõ /start để bắt đầu lại."
BUSY = "Xin lỗi, Trợ lý đang bận một chút. Bà con gửi lại giúp nhé."
# Too many messages in a short time (bot.telegram.limits): said once, then the bot stays quiet a while.
RATE_LIMITED = (
    "Bà con gửi hơi nhanh, xin chậm lại một chút nhé. "
    "Khoảng một phút nữa bà con gửi lại câu hỏi, Trợ lý sẽ trả lời ngay ạ."
)

# --- Safety -------------------------------------------------------------------------------------
SENSITIVE_WARNING = (
    "⚠️ Bà con đừng gửi mật khẩu, mã OTP, mã PIN hay số căn cước đầy đủ vào đây, "
    "kể cả cho tình nguyện viên. Trợ lý không lưu các con số đó.\n"
    "Cán bộ và trang web thật không bao giờ hỏi mã OTP. Trang chính thức có đuôi .gov.vn; "
    "cẩn thận với cuộc gọi và đường link tự xưng là công an hay cổng dịch vụ công."
)

# --- Answer card, short answers and details (bot.dialogue.cards) --------------------------------------
CARD_TITLE = "📄 {title}"
CARD_WHERE = "Nơi làm: {where}"
CARD_TIME = "Thời gian: {value}"
CARD_FEE = "Lệ phí: {value}"
CARD_WHO = "Ai làm, ai được làm: {value}"
CARD_DOCUMENTS = "Giấy tờ cần mang:"
CARD_DOCUMENTS_HINT = "Giấy tờ: {n} loại, bấm \"Giấy tờ cần mang\" để xem."
CARD_ONLINE = "Làm trực tuyến: {channels}"
CARD_ONLINE_LINKS_ONLY = "Làm trực tuyến:"
CARD_ONLINE_NONE = "Làm trực tuyến: chưa có"
CARD_FOOTER = "Nguồn: {source} · Cập nhật: {reviewed}"
CARD_FOOTER_CODE = "Mã thủ tục {code} · {footer}"
CARD_MORE_SOURCES = "{first} và {n} văn bản khác"
CARD_MORE_ITEMS = "… và {n} mục khác (bấm \"Chi tiết\")"
CARD_BULLET = "• {item}"
PLACE_ADDRESS = "  Địa chỉ: {value}"
PLACE_HOURS = "  Giờ làm việc: {value}"
PLACE_PHONE = "  Điện thoại: {value}"
PLACE_MAP = "  Bản đồ: {value}"
# A time/fee/who/notes item whose valid_until has passed is never shown; instead:
FACT_WHAT = {"time": "thời gian giải quyết", "fee": "lệ phí", "who": "đối tượng", "notes": "lưu ý"}
FACT_EXPIRED = "Có thông tin về {what} đã hết thời hạn áp dụng; bà con hỏi cán bộ tại quầy để biết {what} hiện nay."
FACT_ALL_EXPIRED = "thông tin cũ đã hết thời hạn áp dụng, bà con hỏi cán bộ tại quầy để biết {what} hiện nay"
DOCUMENTS_HEADER = "Giấy tờ cần mang cho \"{title}\":"
DOCUMENTS_NONE = "Thủ tục này chưa có danh sách giấy tờ; bà con hỏi cán bộ tại quầy nhé."
STEPS_HEADER = "Các bước làm \"{title}\":"
STEPS_NONE = "Thủ tục này chưa có danh sách các bước."
STEPS_TRY_GUIDE = "Bấm \"Hướng dẫn từng bước\" để Trợ lý chỉ từng bước một."
FAQ_HEADER = "Hỏi đáp, lưu ý về \"{title}\":"
FAQ_ITEM = "❓ {q}\n{a}"
NOTES_HEADER = "Lưu ý:"
SOURCES_HEADER = "Nguồn, căn cứ của \"{title}\":"
SOURCE_COVERS = {"agency": "nơi làm", "time": "thời gian", "fee": "lệ phí", "documents": "giấy tờ",
                 "who": "đối tượng", "online": "làm trực tuyến", "general": "chung"}
SOURCE_COVERS_SUFFIX = " ({covers})"
SOURCES_CODE = "Mã thủ tục hành chính (mã TTHC): {code}"
SOURCES_REVIEWED = "Người kiểm tra lần cuối: ngày {reviewed}"
FACTS_MAY_CHANGE = "Quy định có thể đã thay đổi; nếu chưa chắc, hỏi bộ phận một cửa của xã."
BTN_STEPS = "Các bước làm"
BTN_DOCUMENTS = "Giấy tờ cần mang"
BTN_FAQ = "Hỏi đáp, lưu ý"
BTN_SOURCES = "Nguồn"
BTN_DETAILS = "Chi tiết"
BTN_CARD = "Xem cả thủ tục"
BTN_GUIDE = "Hướng dẫn từng bước"
BTN_USEFUL = "👍 Hữu ích"
BTN_NOT_USEFUL = "👎 Chưa đúng"

# --- Clarifying -----------------------------------------------------------------------------------
CLARIFY = "Bà con muốn hỏi về thủ tục nào? Bấm để chọn:"
BTN_NONE_OF_THESE = "Không phải"

# --- Not knowing, volunteers ---------------------------------------------------------------------
DONT_KNOW = (
    "Xin lỗi, Trợ lý chưa có thông tin chắc chắn cho câu hỏi này, nên không đoán.\n"
    "Bà con có thể gõ /thutuc để xem các thủ tục Trợ lý biết, "
    "hoặc gửi câu hỏi cho tình nguyện viên đoàn thanh niên."
)
# A neighbouring service (out_of_scope, kind "service"): its one line "where to go" follows.
OUT_OF_SCOPE_SERVICE = "Việc này không làm ở đây. {go}"
OUT_OF_SCOPE_VOLUNTEER = "Nếu cần hỏi thêm, bà con có thể gửi câu hỏi cho tình nguyện viên."
# Everyday topics that are no administrative procedure (gold price, weather, football...):
# one polite line, no counter, no volunteer.
OUT_OF_SCOPE_CHITCHAT = "Trợ lý chỉ giúp về thủ tục hành chính nên không trả lời được việc này ạ."
NOISE = "Trợ lý chưa hiểu tin nhắn này. Bà con gõ câu hỏi bằng chữ giúp nhé, ví dụ: \"lam can cuoc\"."
BTN_VOLUNTEER = "Gửi cho tình nguyện viên"
VOLUNTEER_ALREADY = "Câu hỏi của bà con đã được gửi cho tình nguyện viên rồi. Bà con chờ họ nhắn lại nhé."
VOLUNTEER_NOTHING = "Bà con hãy gõ câu hỏi của mình, Trợ lý sẽ gửi cho tình nguyện viên."
VOLUNTEER_STUCK_NOTE = "Vướng ở Bước {n} của hướng dẫn \"{title}\""
VOLUNTEER_PHOTO_NOTE = "Công dân muốn gửi ảnh chụp màn hình"
VOLUNTEER_FEEDBACK_NOTE = "Công dân thấy câu trả lời về \"{title}\" chưa đúng"
WEEKDAYS = {1: "Thứ Hai", 2: "Thứ Ba", 3: "Thứ Tư", 4: "Thứ Năm", 5: "Thứ Sáu", 6: "Thứ Bảy", 7: "Chủ Nhật"}
DAYS_RANGE = "{first} đến {last}"

# --- Feedback -------------------------------------------------------------------------------------
FEEDBACK_THANKS = "Cảm ơn bà con đã cho biết! Cần hỏi gì thêm cứ gõ nhé."
FEEDBACK_SORRY = (
    "Xin lỗi vì câu trả lời chưa giúp được bà con. "
    "Bà con có muốn gửi câu hỏi cho tình nguyện viên không?"
)
FEEDBACK_ALREADY = "Bà con đã đánh giá rồi, cảm ơn bà con!"

# --- Walkthroughs ----------------------------------------------------------------------------------
GUIDE_STEP_HEADER = "Bước {n}/{m}"
GUIDE_STEP_HEADER_TITLED = "Bước {n}/{m}: {title}"
GUIDE_FIRST_STEP_INTRO = "Hướng dẫn \"{title}\". Mỗi lần một bước; làm xong thì bấm \"Tiếp\"."
GUIDE_DONE = (
    "🎉 Xong! Bà con đã đi hết hướng dẫn \"{title}\".\n"
    "Nếu còn vướng ở đâu, cứ gõ câu hỏi hoặc nhờ tình nguyện viên. Hướng dẫn này có giúp được bà con không?"
)
GUIDE_STOPPED = (
    "Đã dừng hướng dẫn \"{title}\" ở Bước {n}. "
    "Khi nào muốn làm tiếp, bấm nút dưới hoặc gõ /tieptuc."
)
GUIDE_STUCK = (
    "Bà con đang vướng ở Bước {n} của \"{title}\". "
    "Trợ lý có thể gửi cho tình nguyện viên để họ nhắn lại giúp bà con. "
    "Chỗ đang làm vẫn được giữ nguyên."
)
GUIDE_IN_PROGRESS = "Bà con đang làm dở hướng dẫn \"{title}\" ở Bước {n}."
GUIDE_NONE = "Hiện không có hướng dẫn nào đang làm dở. Gõ /thutuc để xem các thủ tục, hoặc gõ câu hỏi."
GUIDE_RESTARTED = "Hướng dẫn \"{title}\" vừa được cập nhật, Trợ lý đưa bà con về Bước 1."
GUIDE_MISSING = "Hướng dẫn bà con đang làm không còn nữa. Bà con gõ câu hỏi hoặc /thutuc nhé."
BTN_NEXT = "Tiếp"
BTN_FINISH = "Xong"
BTN_BACK = "Quay lại"
BTN_STUCK = "Tôi bị vướng"
BTN_STOP = "Dừng"
BTN_CONTINUE_GUIDE = "Tiếp tục hướng dẫn (Bước {n})"
BTN_RESUME = "Tiếp tục (Bước {n})"
# Typed words that mean "Next" / "Back" while a walkthrough is on screen (folded, no diacritics).
TYPED_NEXT = ("tiep", "tiep tuc", "tiep theo", "buoc tiep", "buoc tiep theo", "next", "xong", "lam xong")
TYPED_BACK = ("quay lai", "tro lai", "lui lai", "back")

# --- Stale / forged buttons ------------------------------------------------------------------------
STALE_BUTTON = ("Nút này đã cũ, Trợ lý không làm theo được nữa. "
                "Bà con gõ câu hỏi hoặc bấm nút trong tin nhắn mới nhất nhé.")
STALE_BUTTON_IN_GUIDE = "Nút này đã cũ. Bà con đang ở Bước {n} của \"{title}\"; bấm nút dưới để làm tiếp."

# --- Browsing (/thutuc) -----------------------------------------------------------------------------
BROWSE_TOPICS = "Chọn chủ đề:"
BROWSE_PROCEDURES = "Các thủ tục về \"{topic}\". Bấm để xem:"
BROWSE_ALL = "Các thủ tục Trợ lý biết. Bấm để xem:"
BROWSE_OTHER_TOPIC = "Khác"
BTN_BACK_TO_TOPICS = "Các chủ đề khác"
BTN_BROWSE_GUIDES = "Hướng dẫn từng bước ({n})"
BROWSE_GUIDES = "Các hướng dẫn từng bước (làm trên điện thoại). Bấm để bắt đầu:"

# --- Cancel (/huy) ----------------------------------------------------------------------------------
CANCELLED_GUIDE = "Đã hủy hướng dẫn \"{title}\". Bà con có thể gõ câu hỏi khác bất cứ lúc nào."
CANCELLED = "Đã hủy. Bà con có thể gõ câu hỏi khác bất cứ lúc nào."
NOTHING_TO_CANCEL = "Hiện không có việc gì đang làm dở. Bà con cứ gõ câu hỏi nhé."

# --- Terminal chat (bot.cli.chat) ---------------------------------------------------------------------
CHAT_NO_SUCH_BUTTON = "Không có nút số {n}. Hãy gõ số của một nút ở trên, hoặc gõ câu hỏi."
CHAT_NO_BUTTONS = "Tin nhắn trước không có nút nào để bấm. Bà con gõ câu hỏi nhé."
CHAT_BYE = "Tạm biệt!"
CHAT_HINT = "(Gõ câu hỏi, gõ số để bấm nút, /thoat để thoát.)"
CHAT_HELP_QUIT = "/thoat - Thoát khỏi cửa sổ trò chuyện này"
CHAT_NO_DATABASE = "Không mở được cơ sở dữ liệu {url}: {error}"
CHAT_INVALID_KNOWLEDGE = "Tệp thủ tục có lỗi, chưa chạy được trợ lý:"

# --- Privacy (bot.dialogue.privacy): what replaces personal data in the question log and for volunteers
PRIVACY_TAGS = {
    "id_card": "[số CCCD]",
    "phone": "[số điện thoại]",
    "email": "[email]",
    "bank_account": "[số tài khoản]",
    "secret": "[mã bí mật]",
}
