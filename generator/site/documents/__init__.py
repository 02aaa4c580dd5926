"""The Word documents (.docx) of the bulletins, the summaries and the reviews, in the layout of an official
document (GB/T 9704-2012 《党政机关公文格式》).

Each is a pure function of a page's context (plain values only) and the site settings, so the web page and the
document are made from the same figures and cannot disagree. May import `records` (the settings' model) and
python-docx; never `figures` or the pages.
"""

from .bulletin import bulletin_document
from .summaries import review_document, summary_document

__all__ = ["bulletin_document", "review_document", "summary_document"]
