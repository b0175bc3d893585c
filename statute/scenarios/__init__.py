"""Gherkin scenarios for an Act, run by pytest-bdd through :mod:`statute.pytest_plugin`.

The pieces are small and law-agnostic, so the plugin itself stays a thin layer of
pytest hooks:

* :mod:`~statute.scenarios.acts` — finding and loading the Act a scenario names;
* :mod:`~statute.scenarios.state` — one scenario's Act, facts and assessment;
* :mod:`~statute.scenarios.references` — naming provisions by id or name, with suggestions;
* :mod:`~statute.scenarios.penalties` — comparing a drafter's penalty with the Act's;
* :mod:`~statute.scenarios.vocabulary` — the fixed set of Then steps (the one canonical
  list: the docs, the "unknown step" hint and the tests all read it);
* :mod:`~statute.scenarios.failures` — the errors and failures a drafter reads;
* :mod:`~statute.scenarios.coverage` — which provisions and branches scenarios exercised;
* :mod:`~statute.scenarios.collect` — collecting ``.feature`` files with no Python;
* :mod:`~statute.scenarios.divergence` — intent scenarios the law departs from.
"""
