"""Write what a service prints to its file in logs/, personal data masked, a new file every day.

    <service> 2>&1 | python scripts/logwriter.py logs/rasa.log

scripts/stack.py sends the output of the action server, Rasa and the web app through this, so
that no e-mail address, phone number, BSN, address, name or conversation dump reaches logs/
(channels.sanitize.clean_log_line). At the first line after midnight the file is renamed to
<name>.log.YYYY-MM-DD; `make purge` and the web app's daily purge delete log files older than
RETENTION_DAYS (web/retention.py). The writer stops when the service closes its output.
"""
import logging
import sys
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from channels.sanitize import clean_log_line  # noqa: E402

MAX_LINE_CHARS = 4000  # a longer line (a dump, a flood) is cut after masking, so nothing is half masked
CUT = " [ingekort]"


def write(lines, path: str) -> None:
    handler = TimedRotatingFileHandler(path, when="midnight", encoding="utf-8")
    try:
        for raw in lines:
            line = clean_log_line(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
            if len(line) > MAX_LINE_CHARS:
                line = line[:MAX_LINE_CHARS] + CUT
            handler.emit(logging.makeLogRecord({"msg": line}))
    finally:
        handler.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write(sys.stdin.buffer, sys.argv[1])
