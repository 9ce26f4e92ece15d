"""csto.tables: in Jupyter, a DataFrame shows in a box of its own that the keyboard can reach
and scroll sideways (issue 23: lesson 00's events.head() scrolled the whole output, which axe-core
reports as a serious "scrollable-region-focusable")."""

from __future__ import annotations

import json
import subprocess
import sys


def test_a_dataframe_shows_in_a_focusable_scrolling_region_once_csto_is_imported():
    code = (
        "import json\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import pandas as pd\n"
        "table = pd.DataFrame({'a': range(3), 'b': list('xyz')})\n"
        "before, _ = shell.display_formatter.format(table)\n"
        "import csto\n"
        "after, _ = shell.display_formatter.format(csto.load('membership_events').head())\n"
        "print(json.dumps([before['text/html'], after['text/html'], after['text/plain']]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, plain = json.loads(run.stdout)
    assert 'role="region"' not in before  # pandas alone: a bare table
    assert after.startswith('<div class="csto-table" role="region" tabindex="0" '
                            'aria-label="Table, 5 rows and ')
    assert 'style="overflow-x:auto;max-width:100%"' in after and "<table" in after
    assert after.endswith("</div></div>")  # pandas' own HTML, whole, inside the box
    assert plain.split()[0] == "event_id"  # the text form is pandas' own

