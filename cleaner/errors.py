"""Exceptions for run-level problems; per-document problems are reject reasons, not exceptions."""


class CleanerError(Exception):
    """Base of cleaner's exceptions."""


class ConfigError(CleanerError):
    """The configuration or command line is wrong: the run cannot start."""


class OutputError(CleanerError):
    """The output location cannot be written."""


class Reject(Exception):
    """A document yields no record; carries a reason code from REJECT_REASONS and a detail."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


# The fixed list of reject reason codes (README, 'Reject reasons'; schemas/reject.schema.json).
REJECT_REASONS = {
    "empty": "the input has no bytes, or only white space",
    "binary": "the bytes are not text (an image, a PDF, NUL bytes)",
    "undecodable": "no text encoding decodes the bytes",
    "too_large": "the document is larger than max_bytes",
    "timeout": "extraction took longer than timeout_s",
    "parse_error": "the container (JSON line, WARC record, HTML) could not be parsed",
    "http_status": "a WARC response whose HTTP status is not 2xx (an error page, a redirect)",
    "unsupported_type": "a WARC record whose content type is not HTML or plain text (image, PDF, script)",
    "no_content": "nothing was left after removing chrome",
    "truncated": "the file ended early (truncated gzip or WARC); what came before the break was kept",
    "unreadable": "the file could not be opened or read",
    "duplicate": "an exact or near duplicate of a record kept in the corpus",
    "language": "the language is not one of --languages",
    "min_words": "fewer words than --min-words",
    "min_stopword_ratio": "a smaller share of stop words than --min-stopword-ratio (word lists, tables, spam)",
}
