"""The articles of the regulation, one module each (installed as ``kgrules.rules``)."""
