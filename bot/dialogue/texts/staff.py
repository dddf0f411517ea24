"""What staff read: statistics, reloads, unresolved questions, suggestions, the poster,
`dvcbot purge`, the walkthrough funnel (bot.reports, bot.cli, bot.telegram.staff)."""

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
