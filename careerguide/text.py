"""Text as the site stores it."""


def with_stored_line_ends(text):
    """`text` with LF line ends, as it is stored: browsers send a textarea's as CRLF, and files
    written on Windows have them too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
