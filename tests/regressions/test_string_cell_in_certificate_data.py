"""A certificate whose cell is a JSON string is malformed; the string is never parsed as a cell.

Found by the property test that changes one value of a real certificate: the verifier parsed a
string cell such as ``"1/2"`` as JSON text (``json`` then reported "Extra data" with a traceback),
and would have accepted ``'{"pattern": ...}'`` written as a string.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polyexact.cells import enumerate_cells
from polyexact.certificates.write import certificate_to_data
from polyexact.cli.main import main
from polyexact.errors import InputError
from polyexact.models.builders import construction
from polyexact.verify.verifier import verify_certificate


@pytest.mark.parametrize("replacement", ["1/2", '{"a": 1}', "cell"])
def test_string_cell_is_an_input_error(replacement: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = certificate_to_data(enumerate_cells(construction(1, 2, 2, 1)))
    good = json.dumps(data["shards"][0]["cells"][1])
    data["shards"][0]["cells"][1] = replacement if replacement != "cell" else good
    with pytest.raises(InputError, match=r"cells\[1\]"):
        verify_certificate(data)
    path = tmp_path / "cert.json"
    path.write_text(json.dumps(data))
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cells[1]") and "Traceback" not in err
