"""Errors raised by the knowledge package."""
from __future__ import annotations


class KnowledgeError(Exception):
    """Base class for all knowledge-base errors."""


class NotFound(KnowledgeError):
    """A requested record (opleiding, bron, onderwerp …) does not exist."""


class DataError(KnowledgeError):
    """A curated or raw data file is invalid.

    `row` is the line number in the file (the header is line 1), so people can
    find the cell in a spreadsheet or editor.
    """

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        where = file
        if row is not None:
            where += f", regel {row}"
        if column is not None:
            where += f", kolom '{column}'"
        super().__init__(f"{where}: {message}")
