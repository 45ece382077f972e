# A tiny Sphinx project that links fieldbook's objects.inv through intersphinx.
import os

project = "intersphinx check"
extensions = ["sphinx.ext.intersphinx"]
intersphinx_mapping = {
    "fieldbook": ("https://docs.example.org/training-args/", os.environ["FIELDBOOK_INV"]),
}
nitpicky = True
