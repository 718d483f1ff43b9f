"""The document model shared by readers, the citations pass and writers."""

from typeset.doc.model import *  # noqa: F403
from typeset.doc.model import __doc__ as _model_doc  # noqa: F401
