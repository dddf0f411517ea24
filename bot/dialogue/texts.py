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

# --- Staff tools: statistics, /thongke, /tailai, dvcbot stats|unresolved|suggestions|poster -----------
STAFF_ONLY = (
    "Xin lỗi, lệnh này chỉ dành cho cán bộ quản lý trợ lý. "
    "Nếu bà con cần hỏi thủ tục, cứ gõ câu hỏi hoặc gõ /thutuc nhé."
)
STATS_TITLE = "📊 Thống kê {period}"
STATS_PERIOD = "từ {since} đến {until}"
STATS_PERIOD_ALL = "từ đầu đến {until}"
STATS_MESSAGES = "Tin nhắn: {messages} · Người hỏi: {citizens}"
STATS_QUESTIONS = "Câu hỏi về thủ tục: {n}"
STATS_ANSWERED = "  • Trả lời được: {n} ({pct})"
STATS_CLARIFIED = "  • Hỏi lại để chọn thủ tục: {n} ({pct})"
STATS_UNKNOWN = "  • Chưa trả lời được: {n} ({pct})"
STATS_TOP = "Thủ tục được hỏi nhiều nhất:"
STATS_TOP_ITEM = "  {i}. {name}: {n}"
STATS_ESCALATIONS = "Chuyển tình nguyện viên: {opened} câu · đã trả lời {answered} · đang chờ {open}"
STATS_MEDIAN = "  • Thời gian đến câu trả lời đầu tiên (trung vị): {duration}"
STATS_FEEDBACK = "Đánh giá của người dân: 👍 {up} · 👎 {down}"
DURATION_DAYS = "{d} ngày {h} giờ"
DURATION_HOURS = "{h} giờ {m} phút"
DURATION_MINUTES = "{m} phút"
DURATION_SECONDS = "{s} giây"

# The weekly chart (bot.reports.charts). Weekday abbreviations as on Vietnamese calendars.
CHART_TITLE = "Trợ lý Dịch vụ công · Tổng kết {days} ngày"
CHART_TITLE_ALL = "Trợ lý Dịch vụ công · Tổng kết"
CHART_PERIOD = "{first} – {last}"
CHART_PER_DAY = "Tin nhắn mỗi ngày ({days} ngày gần nhất)"
CHART_SHARES = "Câu hỏi về thủ tục: {n}"
CHART_ANSWERED = "Trả lời được"
CHART_CLARIFIED = "Hỏi lại để chọn"
CHART_UNKNOWN = "Chưa trả lời được"
CHART_TOP = "5 thủ tục được hỏi nhiều nhất"
CHART_NO_DATA = "Chưa có dữ liệu"
CHART_ESCALATIONS = "Chuyển tình nguyện viên"
CHART_OPENED = "Đã mở"
CHART_ESC_ANSWERED = "Đã trả lời"
CHART_OPEN = "Đang chờ"
CHART_MEDIAN = "Trả lời đầu tiên sau (trung vị)"
CHART_FEEDBACK = "Đánh giá: hữu ích {up} · chưa đúng {down}"
CHART_TOTALS = "{messages} tin nhắn · {citizens} người hỏi"
WEEKDAYS_SHORT = {1: "T2", 2: "T3", 3: "T4", 4: "T5", 5: "T6", 6: "T7", 7: "CN"}

# /tailai: reload the knowledge base now.
RELOAD_OK = "✅ Đã tải lại tệp thủ tục: {n} thủ tục đang được dùng."
RELOAD_FAILED = (
    "⚠️ Tệp thủ tục mới có {n} lỗi nên chưa được dùng. Trợ lý vẫn trả lời theo bản cũ "
    "(tải lúc {loaded}). Sửa các dòng sau rồi gõ /tailai lại:"
)
RELOAD_MORE = "… và {n} lỗi khác (chạy dvcbot check để xem hết)."
# Facts whose valid_until has passed: no longer shown to citizens (they are told to ask the
# counter); staff are told once per fact, at /thongke, /tailai or the automatic reload.
EXPIRED_HEADER = (
    "⚠️ {n} thông tin đã hết hạn (valid_until đã qua). Trợ lý không còn hiển thị chúng cho người "
    "dân mà mời hỏi cán bộ tại quầy. Hãy sửa các dòng sau trong tệp thủ tục:"
)
EXPIRED_LINE = "{file}:{line}: {entry} · {field}: \"{text}\" (hết hạn {until})"

# dvcbot unresolved
UNRESOLVED_HEADER = "Câu hỏi trợ lý chưa trả lời được ({period}): {n} lượt, {groups} nhóm"
UNRESOLVED_ITEM = "{count:>4} × {text}"
UNRESOLVED_EXAMPLE = "       ví dụ: {text}"
UNRESOLVED_NONE = "Không có câu hỏi nào chưa trả lời được ({period})."

# dvcbot suggestions
SUGGESTIONS_NONE = "Không có đề xuất nào đang chờ duyệt."
SUGGESTION_LINE = "#{id} [{kind}] {procedure} · {date}{by}"
SUGGESTION_BY = " · tình nguyện viên {by}"
SUGGESTION_KIND = {"question": "câu hỏi mẫu", "faq": "hỏi đáp"}
SUGGESTION_STATUS = {"proposed": "chờ duyệt", "applied": "đã thêm", "rejected": "đã bỏ"}
SUGGESTION_QUESTION = "    Hỏi: {text}"
SUGGESTION_ANSWER = "    Đáp: {text}"
SUGGESTION_NO_PROCEDURE = "(chưa chọn thủ tục)"
SUGGESTION_NOT_FOUND = "Không có đề xuất số {id}."
SUGGESTION_DECIDED = "Đề xuất #{id} đã được xử lý rồi ({status})."
SUGGESTION_NEEDS_PROCEDURE = "Đề xuất #{id} chưa gắn với thủ tục nào nên chưa thêm vào tệp được."
SUGGESTION_NEEDS_ANSWER = "Đề xuất #{id} là hỏi đáp nhưng chưa có câu trả lời."
SUGGESTION_APPLIED = "Đã thêm đề xuất #{id} vào {path} (thủ tục {procedure}); tệp kiểm tra không có lỗi."
SUGGESTION_APPLY_FAILED = "Chưa thêm được đề xuất #{id}; tệp {path} giữ nguyên. Lý do:"
SUGGESTION_REJECTED = "Đã bỏ đề xuất #{id}."
SUGGESTIONS_NO_TABLE = "Cơ sở dữ liệu chưa có bảng đề xuất (chưa có đề xuất nào)."

# dvcbot poster
POSTER_WRITTEN = "Đã tạo áp phích {path} cho thủ tục \"{title}\" ({link})."
POSTER_UNKNOWN = "Không có thủ tục có id \"{id}\"."
POSTER_SIMILAR = "Có phải thủ tục: {ids}?"
POSTER_BAD_FORMAT = "Tệp áp phích phải có đuôi .png hoặc .pdf: {path}"
# The QR code must open OUR bot: its username comes from --username, DVCBOT_BOT_USERNAME, or
# the Bot API (getMe with DVCBOT_TELEGRAM_TOKEN); never guessed.
POSTER_NO_USERNAME = (
    "Chưa biết tên bot để in mã QR. Hãy đặt DVCBOT_BOT_USERNAME (ví dụ dvc_xa_bot), hoặc "
    "DVCBOT_TELEGRAM_TOKEN để hỏi Telegram, hoặc thêm --username TÊN_BOT.\n"
    "The bot's username is unknown: set DVCBOT_BOT_USERNAME, or DVCBOT_TELEGRAM_TOKEN to ask the "
    "Bot API, or pass --username NAME."
)
POSTER_BAD_USERNAME = "--username: \"{name}\" không phải tên bot Telegram (5-32 chữ, số, dấu _)."
POSTER_USERNAME_FROM_TELEGRAM = "Tên bot lấy từ Telegram: @{name}"
POSTER_GETME_FAILED = (
    "Không hỏi được tên bot từ Telegram ({error}). Hãy đặt DVCBOT_BOT_USERNAME hoặc thêm --username.\n"
    "Could not get the bot's username from the Bot API ({error}): set DVCBOT_BOT_USERNAME or pass --username."
)
BAD_SINCE = "Không hiểu ngày \"{value}\". Dùng dạng 2026-11-01, 2026-11-01T08:00 hoặc 7d (7 ngày gần nhất)."

# --- Privacy (bot.dialogue.privacy): what replaces personal data in the question log and for volunteers
PRIVACY_TAGS = {
    "id_card": "[số CCCD]",
    "phone": "[số điện thoại]",
    "email": "[email]",
    "bank_account": "[số tài khoản]",
    "secret": "[mã bí mật]",
}

# --- `dvcbot purge` (staff read it) -----------------------------------------------------------
PURGE_HEADER = "Đã xoá nội dung tin nhắn cũ hơn {days} ngày (trước {cutoff}):"
PURGE_LINE = "  {label}: {count}"
PURGE_LABELS = {
    "closed": "câu hỏi đã được trả lời, lâu không ai nhắn thêm, nay tự đóng",
    "questions": "câu hỏi trong nhật ký đã xoá nội dung",
    "feedback": "góp ý đã xoá lời nhắn",
    "sessions": "câu hỏi đang chờ trong phiên trò chuyện cũ đã xoá",
    "escalations": "câu hỏi chuyển tình nguyện viên đã xoá nội dung",
    "escalation_messages": "tin nhắn giữa người dân và tình nguyện viên đã xoá nội dung",
    "outbox": "tin bot đã gửi đã xoá nội dung",
    "suggestions": "đề xuất bổ sung kho (đã xử lý) đã xoá nội dung",
    "processed_updates": "bản ghi chống trùng tin nhắn đã xoá",
}
PURGE_KEPT = "Số lượt hỏi, quyết định, thủ tục và thời gian vẫn giữ nguyên để thống kê."
PURGE_BAD_DURATION = "Thời hạn không hợp lệ: {value!r}. Dùng ví dụ 90d, 12w, 6m hoặc 90 (ngày)."

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

# --- Walkthrough funnel for staff (bot.reports.stats, bot.reports.charts): where citizens get stuck ---
STATS_GUIDES = "Hướng dẫn từng bước: bà con vướng ở đâu (tới bước · bấm \"Tôi bị vướng\" · bỏ dở ở đó):"
STATS_GUIDES_NONE = "Hướng dẫn từng bước: chưa có ai dùng trong kỳ này."
STATS_GUIDE = "{name}: {opened} người mở · {done} người làm xong"
STATS_GUIDE_STEP = "  • {label}: tới {reached} · vướng {stuck} · bỏ dở {left}"
STATS_GUIDE_NO_TROUBLE = "  • Chưa ai bị vướng hay bỏ dở."
STATS_GUIDE_MORE = "  … và {n} bước khác có người vướng hoặc bỏ dở (xem dvcbot stats --csv)."
GUIDE_STEP_LABEL = "Bước {n} · {title} ({id})"
GUIDE_STEP_LABEL_UNTITLED = "Bước {n} ({id})"
GUIDE_STEP_LABEL_GONE = "{id} (bước không còn trong hướng dẫn)"
CHART_GUIDES = "Hướng dẫn từng bước: vướng ở đâu"
CHART_GUIDE = "{name} · {opened} người mở, {done} làm xong"
CHART_GUIDE_REACHED = "tới bước"
CHART_GUIDE_STUCK = "bấm vướng"
CHART_GUIDE_LEFT = "bỏ dở"
CHART_GUIDE_MORE = "… và {n} hướng dẫn khác (xem dvcbot stats)"
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
