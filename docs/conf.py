"""Sphinx configuration of the polyexact documentation (``make docs``)."""

from __future__ import annotations

import polyexact

project = "polyexact"
author = "the polyexact authors"
copyright = "the polyexact authors"
release = version = polyexact.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
templates_path = ["_templates"]

# numpydoc-style docstrings, read by napoleon
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# one page per module, found by walking the package: new modules appear without editing here
autosummary_generate = True
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True

myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath"]

html_theme = "alabaster"
html_title = f"polyexact {release}"

# numpydoc "Attributes" sections become :ivar: fields, so attributes that also carry a ``#:``
# comment are not described twice
napoleon_use_ivar = True
# a bare name such as ``Box`` may name classes in two modules: Sphinx links the first one
suppress_warnings = ["ref.python"]
html_theme_options = {"page_width": "1200px", "sidebar_width": "240px"}
# optional heavy extras (make test-torch installs torch): documented without being installed
autodoc_mock_imports = ["torch"]
