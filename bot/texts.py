"""Every user-facing string of dvcbot, Vietnamese, in one place.

Plain text only: nothing here is HTML or Markdown, and adapters send it without parse_mode.
Short sentences and plain words: many citizens are older people reading on small phones.
Placeholders use str.format names ({title}, {n}, ...).
"""
from __future__ import annotations

# --- Commands (Telegram's setMyCommands and the /help text) ---------------------------------
COMMANDS: list[tuple[str, str]] = [
    ("start", "Bắt đầu, chọn việc cần làm"),
    ("thutuc", "Xem danh sách thủ tục"),
    ("tieptuc", "Làm tiếp hướng dẫn đang dở"),
    ("huy", "Hủy việc đang làm"),
    ("help", "Cách dùng trợ lý"),
]

# --- Welcome, help ----------------------------------------------------------------------------
WELCOME = (
    "Xin chào! Tôi là Trợ lý Dịch vụ công.\n"
    "Tôi giúp bạn tìm hiểu thủ tục hành chính: cần giấy tờ gì, làm ở đâu, mất bao lâu, "
    "lệ phí bao nhiêu, và hướng dẫn từng bước làm trên điện thoại.\n\n"
    "Bạn cứ gõ câu hỏi, có dấu hay không dấu đều được. Ví dụ: \"đăng ký tạm trú cần gì\".\n"
    "Hoặc bấm một nút dưới đây:"
)
WELCOME_RESUME = "Bạn đang làm dở hướng dẫn \"{title}\" ở Bước {n}. Bấm nút để làm tiếp."
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
UNKNOWN_COMMAND = "Tôi không hiểu lệnh \"/{command}\". Các lệnh bạn có thể dùng:\n{commands}"

# --- Small talk -------------------------------------------------------------------------------
SMALL_TALK = {
    "greeting": "Chào bạn! Bạn cần hỏi thủ tục gì? Cứ gõ câu hỏi, hoặc gõ /thutuc để xem danh sách.",
    "thanks": "Không có gì ạ! Chúc bạn làm thủ tục thuận lợi. Cần gì cứ hỏi tôi nhé.",
    "ack": "Vâng ạ. Bạn cần hỏi thêm gì cứ gõ nhé.",
    "bye": "Tạm biệt bạn! Khi cần cứ quay lại hỏi tôi nhé.",
    "identity": (
        "Tôi là Trợ lý Dịch vụ công, một chương trình tự động (không phải người). "
        "Tôi trả lời về thủ tục hành chính; việc khó thì tôi chuyển cho tình nguyện viên đoàn thanh niên."
    ),
}
SMALL_TALK_DEFAULT = "Vâng ạ. Bạn cần hỏi thủ tục gì cứ gõ nhé."

# --- Input problems -----------------------------------------------------------------------------
EMPTY_TEXT = "Bạn hãy gõ câu hỏi của mình nhé. Ví dụ: \"đăng ký tạm trú cần gì\"."
TOO_LONG = (
    "Tin nhắn của bạn khá dài, tôi chỉ đọc phần đầu. "
    "Lần sau bạn gõ ngắn gọn một câu hỏi thì tôi hiểu nhanh hơn ạ."
)
MEDIA = {
    "photo": (
        "Tôi chỉ đọc được chữ, chưa xem được ảnh. Bạn hãy gõ câu hỏi bằng chữ nhé.\n"
        "Nếu cần người xem ảnh chụp màn hình giúp, bấm \"Gửi cho tình nguyện viên\": "
        "tình nguyện viên sẽ nhắn lại để xem cùng bạn."
    ),
    "voice": (
        "Tôi chưa nghe được tin nhắn thoại. Bạn hãy gõ câu hỏi bằng chữ nhé, "
        "không dấu cũng được (ví dụ: \"dang ky tam tru\")."
    ),
    "sticker": "Cảm ơn bạn! Tôi chỉ đọc được chữ. Bạn cần hỏi thủ tục gì cứ gõ nhé.",
    "location": "Tôi chỉ đọc được chữ, chưa dùng được vị trí. Bạn hãy gõ câu hỏi của mình nhé.",
    "document": (
        "Tôi chỉ đọc được chữ, chưa mở được tệp. Bạn hãy gõ câu hỏi của mình nhé. "
        "Đừng gửi giấy tờ cá nhân vào đây."
    ),
    "video": "Tôi chỉ đọc được chữ, chưa xem được video. Bạn hãy gõ câu hỏi của mình nhé.",
}
MEDIA_DEFAULT = "Tôi chỉ đọc được chữ. Bạn hãy gõ câu hỏi của mình nhé."
ERROR = "Xin lỗi, tôi vừa gặp lỗi. Bạn thử lại sau ít phút, hoặc gõ /start để bắt đầu lại."
BUSY = "Xin lỗi, tôi đang bận một chút. Bạn gửi lại giúp tôi nhé."

# --- Safety -------------------------------------------------------------------------------------
SENSITIVE_WARNING = (
    "⚠️ Bạn đừng gửi mật khẩu, mã OTP, mã PIN hay số căn cước đầy đủ vào đây, "
    "kể cả cho tình nguyện viên. Tôi không lưu các con số đó.\n"
    "Cán bộ và trang web thật không bao giờ hỏi mã OTP. Trang chính thức có đuôi .gov.vn; "
    "cẩn thận với cuộc gọi và đường link tự xưng là công an hay cổng dịch vụ công."
)

# --- Answer card (bot.cards) ---------------------------------------------------------------------
CARD_TITLE = "📄 {title}"
CARD_DOCUMENTS = "Giấy tờ cần mang:"
CARD_AGENCY = "Nơi làm: {agency}"
CARD_TIME = "Thời gian: {time}"
CARD_FEE = "Lệ phí: {fee}"
CARD_ONLINE = "Làm trực tuyến: {channels}"
CARD_ONLINE_LINKS_ONLY = "Làm trực tuyến:"
CARD_ONLINE_NONE = "Làm trực tuyến: chưa có"
CARD_FOOTER = "Nguồn: {source} · Cập nhật: {reviewed}"
CARD_BULLET = "• {item}"
STEPS_HEADER = "Các bước làm \"{title}\":"
STEPS_NONE = "Thủ tục này chưa có danh sách các bước."
STEPS_TRY_GUIDE = "Bấm \"Hướng dẫn từng bước\" để tôi chỉ từng bước một."
FAQ_HEADER = "Hỏi thường gặp về \"{title}\":"
FAQ_ITEM = "❓ {q}\n{a}"
FACTS_MAY_CHANGE = "Quy định có thể đã thay đổi; nếu chưa chắc, hỏi bộ phận một cửa của xã."
BTN_STEPS = "Các bước làm"
BTN_FAQ = "Hỏi thường gặp"
BTN_GUIDE = "Hướng dẫn từng bước"
BTN_USEFUL = "👍 Hữu ích"
BTN_NOT_USEFUL = "👎 Chưa đúng"

# --- Clarifying -----------------------------------------------------------------------------------
CLARIFY = "Bạn muốn hỏi về thủ tục nào? Bấm để chọn:"
BTN_NONE_OF_THESE = "Không phải"

# --- Not knowing, volunteers ---------------------------------------------------------------------
DONT_KNOW = (
    "Xin lỗi, tôi chưa có thông tin chắc chắn cho câu hỏi này, nên tôi không đoán.\n"
    "Bạn có thể gõ /thutuc để xem các thủ tục tôi biết, "
    "hoặc gửi câu hỏi cho tình nguyện viên đoàn thanh niên."
)
OUT_OF_SCOPE = (
    "Xin lỗi, tôi chưa có thông tin về \"{title}\", nên tôi không đoán.\n"
    "Bạn có thể gửi câu hỏi cho tình nguyện viên, hoặc hỏi bộ phận một cửa của xã.\n"
    "Gõ /thutuc để xem các thủ tục tôi biết."
)
NOISE = "Tôi chưa hiểu tin nhắn này. Bạn gõ câu hỏi bằng chữ giúp tôi nhé, ví dụ: \"lam can cuoc\"."
BTN_VOLUNTEER = "Gửi cho tình nguyện viên"
VOLUNTEER_SENT = (
    "Tôi đã ghi lại câu hỏi của bạn. Tình nguyện viên đoàn thanh niên sẽ xem và nhắn lại cho bạn "
    "trong giờ làm việc ({hours}, {days}).\n"
    "Trong lúc chờ, bạn đừng gửi mật khẩu, mã OTP hay mã PIN cho bất kỳ ai."
)
VOLUNTEER_ALREADY = "Câu hỏi của bạn đã được gửi cho tình nguyện viên rồi. Bạn chờ họ nhắn lại nhé."
VOLUNTEER_NOTHING = "Bạn hãy gõ câu hỏi của mình, tôi sẽ gửi cho tình nguyện viên."
VOLUNTEER_STUCK_NOTE = "Vướng ở Bước {n} của hướng dẫn \"{title}\""
VOLUNTEER_PHOTO_NOTE = "Công dân muốn gửi ảnh chụp màn hình"
VOLUNTEER_FEEDBACK_NOTE = "Công dân thấy câu trả lời về \"{title}\" chưa đúng"
WEEKDAYS = {1: "Thứ Hai", 2: "Thứ Ba", 3: "Thứ Tư", 4: "Thứ Năm", 5: "Thứ Sáu", 6: "Thứ Bảy", 7: "Chủ Nhật"}
DAYS_RANGE = "{first} đến {last}"

# --- Feedback -------------------------------------------------------------------------------------
FEEDBACK_THANKS = "Cảm ơn bạn đã cho biết! Cần hỏi gì thêm cứ gõ nhé."
FEEDBACK_SORRY = (
    "Xin lỗi vì câu trả lời chưa giúp được bạn. "
    "Bạn có muốn gửi câu hỏi cho tình nguyện viên không?"
)
FEEDBACK_ALREADY = "Bạn đã đánh giá rồi, cảm ơn bạn!"

# --- Walkthroughs ----------------------------------------------------------------------------------
GUIDE_STEP_HEADER = "Bước {n}/{m}"
GUIDE_STEP_HEADER_TITLED = "Bước {n}/{m}: {title}"
GUIDE_FIRST_STEP_INTRO = "Hướng dẫn \"{title}\". Mỗi lần một bước; làm xong thì bấm \"Tiếp\"."
GUIDE_DONE = (
    "🎉 Xong! Bạn đã đi hết hướng dẫn \"{title}\".\n"
    "Nếu còn vướng ở đâu, cứ gõ câu hỏi hoặc nhờ tình nguyện viên. Hướng dẫn này có giúp được bạn không?"
)
GUIDE_STOPPED = (
    "Đã dừng hướng dẫn \"{title}\" ở Bước {n}. "
    "Khi nào muốn làm tiếp, bấm nút dưới hoặc gõ /tieptuc."
)
GUIDE_STUCK = (
    "Bạn đang vướng ở Bước {n} của \"{title}\". "
    "Tôi có thể gửi cho tình nguyện viên để họ nhắn lại giúp bạn. "
    "Chỗ đang làm vẫn được giữ nguyên."
)
GUIDE_IN_PROGRESS = "Bạn đang làm dở hướng dẫn \"{title}\" ở Bước {n}."
GUIDE_NONE = "Hiện không có hướng dẫn nào đang làm dở. Gõ /thutuc để xem các thủ tục, hoặc gõ câu hỏi."
GUIDE_RESTARTED = "Hướng dẫn \"{title}\" vừa được cập nhật, tôi đưa bạn về Bước 1."
GUIDE_MISSING = "Hướng dẫn bạn đang làm không còn nữa. Bạn gõ câu hỏi hoặc /thutuc nhé."
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
STALE_BUTTON = "Nút này đã cũ, tôi không làm theo được nữa. Bạn gõ câu hỏi hoặc bấm nút trong tin nhắn mới nhất nhé."
STALE_BUTTON_IN_GUIDE = "Nút này đã cũ. Bạn đang ở Bước {n} của \"{title}\"; bấm nút dưới để làm tiếp."

# --- Browsing (/thutuc) -----------------------------------------------------------------------------
BROWSE_TOPICS = "Chọn chủ đề:"
BROWSE_PROCEDURES = "Các thủ tục về \"{topic}\". Bấm để xem:"
BROWSE_ALL = "Các thủ tục tôi biết. Bấm để xem:"
BROWSE_OTHER_TOPIC = "Khác"
BTN_BACK_TO_TOPICS = "Các chủ đề khác"

# --- Cancel (/huy) ----------------------------------------------------------------------------------
CANCELLED_GUIDE = "Đã hủy hướng dẫn \"{title}\". Bạn có thể gõ câu hỏi khác bất cứ lúc nào."
CANCELLED = "Đã hủy. Bạn có thể gõ câu hỏi khác bất cứ lúc nào."
NOTHING_TO_CANCEL = "Hiện không có việc gì đang làm dở. Bạn cứ gõ câu hỏi nhé."

# --- Terminal chat (bot.chat) -------------------------------------------------------------------------
CHAT_NO_SUCH_BUTTON = "Không có nút số {n}. Hãy gõ số của một nút ở trên, hoặc gõ câu hỏi."
CHAT_NO_BUTTONS = "Tin nhắn trước không có nút nào để bấm. Bạn gõ câu hỏi nhé."
CHAT_BYE = "Tạm biệt!"
CHAT_HINT = "(Gõ câu hỏi, gõ số để bấm nút, /thoat để thoát.)"
CHAT_NO_DATABASE = "Không mở được cơ sở dữ liệu {url}: {error}"
CHAT_INVALID_KNOWLEDGE = "Tệp thủ tục có lỗi, chưa chạy được trợ lý:"
