import sys

if sys.argv[1:2] == ["build"]:  # an HTML-route build: WeasyPrint's import starts before Click's
    from typeset.engines.weasyprint_process import early_start

    early_start(sys.argv[1:])
from typeset.cli import main  # noqa: E402

main()
