"""typeset: Markdown manuscripts and BibTeX to print PDFs with CSL footnote citations."""

__version__ = "0.1.0"
