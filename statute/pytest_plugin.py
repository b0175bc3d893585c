"""pytest plugin: Gherkin scenarios for Acts, with no Python in the drafter's repository.

Registered as the ``pytest11`` entry point ``statute``, so installing statute is
enough. It provides:

* a collector for ``.feature`` files that declare a statute Act (an ``@act:NAME`` tag, a
  ``Given the Act "NAME"`` step, or the ``statute_act`` ini option) under the folders of the
  ``statute_features`` ini option (default ``features``) or under a path named on the command
  line. Every other ``.feature`` file is left to its owner's pytest-bdd steps, and statute's
  steps match no step of a scenario that is not statute's
  (:mod:`statute.scenarios.declared`);
* the steps: ``Given the Act "NAME"``; any of the Act's phrases as a Given or When
  step (read by the Act's own case reader); ``Given the following facts:`` with a
  ``fact`` table; and the fixed Then vocabulary of :mod:`statute.scenarios.vocabulary`;
* tags: ``@act:NAME`` (several run a scenario against each Act), ``@intent``,
  ``@divergence`` / ``@divergence:NAME``, registered so ``--strict-markers`` works;
* failures shown as the Act's explanation, not as a traceback;
* ``--statute-coverage``: which provisions and branches the scenarios exercised.

Nothing here knows any particular Act. Drafters read docs/drafters.md.
Disable the plugin with ``-p no:statute``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from pytest_bdd.parsers import StepParser

from statute.files import output_problem
from statute.scenarios.acts import ActCache
from statute.scenarios.collect import FeatureModule, wants
from statute.scenarios.coverage import CoverageRecorder
from statute.scenarios.declared import file_declares_act
from statute.scenarios.divergence import DivergenceLog
from statute.scenarios.failures import FailureRepr, ScenarioFailure
from statute.scenarios.state import ScenarioState

ACTS = pytest.StashKey[ActCache]()
COVERAGE = pytest.StashKey["CoverageRecorder | None"]()
COVERAGE_WRITTEN = pytest.StashKey[bool]()
DIVERGENCES = pytest.StashKey[DivergenceLog]()
STATE = pytest.StashKey[ScenarioState]()
ROOTS = pytest.StashKey[list[Path]]()

MARKERS = (
    "act(name): the Act a scenario runs against — tag @act:NAME on a feature, rule or scenario; "
    "several such tags run the scenario once against each",
    "intent: a scenario that states an intended outcome (e.g. a policy promise)",
    "divergence(name): the Act NAME (any Act, without a name) is known to depart from this scenario's intent; "
    "tag @divergence:NAME — it is reported as an expected failure, and fails the run if it starts to pass",
)

# ── options and configuration ────────────────────────────────────────────────


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("statute_features", "folders (relative to the ini file) whose .feature files statute collects "
                  "as tests; empty: only those under paths named on the command line",
                  type="linelist", default=["features"])
    parser.addini("statute_act", "the Act (a bundled name or a .law path relative to the ini file) for the "
                  "feature files under the statute_features folders that name none; with it, every such file is "
                  "statute's", default="")
    parser.addini("statute_coverage_json", "where --statute-coverage writes its JSON report (relative to the "
                  "rootdir)", default=".statute-coverage.json")
    group = parser.getgroup("statute", "statute scenarios")
    group.addoption("--statute-coverage", action="store_true", default=False,
                    help="report which provisions, exceptions and branches of each Act the scenarios exercised")
    group.addoption("--statute-full", action="store_true", default=False,
                    help="a failed Then prints every branch of the Act's reasoning and every tree, not only the "
                         "branch that decides it")
    group.addoption("--statute-coverage-json", metavar="PATH", default=None,
                    help="write the coverage report as JSON here (default: the statute_coverage_json ini option, "
                         ".statute-coverage.json)")


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    config.stash[ACTS] = ActCache()
    config.stash[COVERAGE] = CoverageRecorder() if config.getoption("statute_coverage") else None
    config.stash[DIVERGENCES] = DivergenceLog()
    if config.stash[COVERAGE] is not None:  # refuse a bad report path before running anything
        problem = output_problem(coverage_path(config))
        if problem is not None:
            raise pytest.UsageError(f"--statute-coverage-json: {problem}")


def _feature_roots(config: pytest.Config) -> list[Path]:
    """The configured features folders, and any file or folder named on the command line."""
    found = config.stash.get(ROOTS, None)
    if found is None:
        base = config.inipath.parent if config.inipath is not None else config.rootpath
        found = [(base / entry).resolve() for entry in config.getini("statute_features") if entry.strip()]
        if config.args_source is pytest.Config.ArgsSource.ARGS:
            found += [Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args]
        config.stash[ROOTS] = found
    return found


def configured_act(config: pytest.Config) -> str | None:
    """The ``statute_act`` ini option: the Act of feature files that name none (a path is made absolute)."""
    name = str(config.getini("statute_act") or "").strip()
    if not name:
        return None
    if "/" in name or name.endswith(".law"):
        base = config.inipath.parent if config.inipath is not None else config.rootpath
        return str((base / name).resolve())
    return name


def is_statutes(path: Path, config: pytest.Config) -> bool:
    """Whether a feature file is statute's to run: it declares an Act, or the configuration gives one."""
    return file_declares_act(path) or configured_act(config) is not None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (file_path.suffix == ".feature" and wants(file_path.resolve(), _feature_roots(parent.config))
            and is_statutes(file_path, parent.config)):
        return FeatureModule.from_parent(parent, path=file_path)
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """Say so when a feature file named on the command line is nobody's: it declares no Act and no test
    module binds it (a drafter who forgot ``@act:NAME`` would otherwise see "no tests ran")."""
    config = session.config
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return
    named = [Path(config.invocation_params.dir, arg.split("::")[0]) for arg in config.args]
    named = [path.resolve() for path in named if path.suffix == ".feature" and path.is_file()]
    if not named:
        return
    bound = {Path(str(item.path)).resolve() for item in session.items} | _bound_feature_files(session.items)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for path in named:
        if path not in bound and not is_statutes(path, config) and reporter is not None:
            reporter.write_line(f"statute: {path.name} declares no statute Act, so statute leaves it to its own "
                                "steps and no test module runs it — tag it @act:NAME or add a Background step "
                                'Given the Act "NAME" (docs/drafters.md)', yellow=True)


def _bound_feature_files(items: list[pytest.Item]) -> set[Path]:
    """The feature files that test modules bind with pytest-bdd's ``scenario()``/``scenarios()``."""
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry as registry
    except ImportError:  # pragma: no cover - another pytest-bdd layout: then say nothing
        return set()
    found: set[Path] = set()
    for item in items:
        function = getattr(item, "obj", None)
        template = registry.get(function) if callable(function) else None
        if template is not None:
            found.add(Path(template.feature.filename).resolve())
    return found


# ── tags ─────────────────────────────────────────────────────────────────────


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    """``@name:value`` becomes the mark ``name("value")`` (a mark name cannot hold a colon).

    Plain tags are left to pytest-bdd. A second, different ``@act:NAME`` also makes
    the scenario use the ``statute_act`` fixture, which :func:`pytest_generate_tests`
    parametrizes (one act needs no fixture: a fixture per scenario costs pytest more
    than a scenario's steps cost statute).
    """
    name, colon, value = tag.partition(":")
    if not colon:
        return None
    earlier = {str(a) for mark in getattr(function, "pytestmark", []) if mark.name == "act" for a in mark.args}
    marked = getattr(pytest.mark, name)(value)(function)
    if name == "act" and earlier - {value}:
        marked = pytest.mark.usefixtures("statute_act")(marked)
    return marked


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A scenario tagged with several @act:NAME runs once against each (ids: [NAME])."""
    if "statute_act" not in metafunc.fixturenames:
        return
    names = sorted({str(a) for mark in metafunc.definition.iter_markers("act") for a in mark.args})
    if len(names) > 1:
        metafunc.parametrize("statute_act", names, ids=names)


def _tagged_act(request: pytest.FixtureRequest) -> str | None:
    """The Act named by the scenario's @act:NAME tag; with several, this run's (the parametrization's)."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and "statute_act" in callspec.params:
        return str(callspec.params["statute_act"])
    names = sorted({str(a) for mark in request.node.iter_markers("act") for a in mark.args})
    return names[0] if len(names) == 1 else None


@pytest.fixture
def statute_act(request: pytest.FixtureRequest) -> str | None:
    """The Act named by the scenario's @act:NAME tag (parametrized when there are several)."""
    return _tagged_act(request)


# ── the scenario's state ─────────────────────────────────────────────────────


def _state(request: pytest.FixtureRequest) -> ScenarioState:
    """The running scenario's state, made on first use and kept on the test item.

    Steps reach it as :data:`_running` rather than through a fixture: setting up a
    fixture costs pytest more than a scenario's steps cost statute.
    """
    node = request.node
    state = node.stash.get(STATE, None)
    if state is None:
        state = ScenarioState(request.config.stash[ACTS], request.config.rootpath,
                              full_explanations=request.config.getoption("statute_full"))
        recorder = request.config.stash[COVERAGE]
        if recorder is not None:
            nodeid = node.nodeid
            state.observer = lambda ev: recorder.record(ev.loaded.report_name, ev.loaded.key, ev.act, ev.assessment,
                                                        nodeid)
        node.stash[STATE] = state
    return state


@pytest.fixture
def statute_scenario(request: pytest.FixtureRequest) -> ScenarioState:
    """The running scenario's Act, facts and assessment (for step definitions of your own)."""
    return _state(request)


class _Running:
    """The scenario being run (pytest runs one test at a time per process; xdist uses processes)."""

    state: ScenarioState | None = None


_running = _Running()


def _current() -> ScenarioState:
    state = _running.state
    if state is None:  # a step outside a scenario: pytest-bdd always announces scenarios first
        raise RuntimeError("a statute step ran outside a scenario")
    return state


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Set up statute's state for a statute scenario; any other project's scenario is left alone."""
    path = Path(feature.filename)
    if not is_statutes(path, request.config) and not _tagged_act(request):
        _running.state = None
        return
    state = _state(request)
    state.feature_file = path
    state.scenario_name = scenario.name
    state.scenario_line = scenario.line_number
    state.tagged_act = _tagged_act(request)
    state.default_act = configured_act(request.config)
    _running.state = state


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Any, scenario: Any, step: Any,
                           step_func: Any) -> None:
    state = request.node.stash.get(STATE, None)
    if state is not None:
        state.step_line = step.line_number
        rows = step.datatable.rows if step.datatable is not None else []
        state.table_lines = [row.location.line for row in rows]


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_after_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """With --statute-coverage, evaluate a scenario that stated facts but checked nothing, so it counts too.

    Every assessment a scenario computes is recorded as it is made (``observer``),
    so facts added between Then steps count with each state they passed through.
    """
    _running.state = None
    state = request.node.stash.get(STATE, None)
    if state is None or state.observer is None or state.evaluations or state.loaded is None or not state.stated:
        return
    try:
        state.evaluated()
    except ScenarioFailure:
        return


# ── steps ────────────────────────────────────────────────────────────────────

_RESERVED = re.compile(r'^\s*(the act\s+"[^"]*"|the following facts:?|trace)\s*$', re.IGNORECASE)


class ActPhrase(StepParser):
    """Matches any Given/When sentence except statute's own fixed steps; the Act's reader decides.

    A sentence is checked against the Act's phrases when the step runs (the Act is
    only known then), so a sentence that is none of them fails with the closest
    phrases suggested instead of pytest-bdd's "step definition is not found".
    """

    def __init__(self) -> None:
        super().__init__("<one of the Act's phrases>")

    def is_matching(self, name: str) -> bool:
        return _running.state is not None and not _RESERVED.match(name)

    def parse_arguments(self, name: str) -> dict[str, Any]:
        return {"sentence": name}


class Outcome(StepParser):
    """Matches any Then sentence; the vocabulary decides (and says so when it is none of its forms)."""

    def __init__(self) -> None:
        super().__init__("<an outcome in statute's Then vocabulary>")

    def is_matching(self, name: str) -> bool:
        return _running.state is not None and name.strip().casefold() != "trace"

    def parse_arguments(self, name: str) -> dict[str, Any]:
        return {"sentence": name}


class _InStatuteScenarios(StepParser):
    """A fixed step of statute's that matches only in a statute scenario (another project may have its own)."""

    def __init__(self, parser: StepParser) -> None:
        super().__init__(parser.name)
        self.parser = parser

    def is_matching(self, name: str) -> bool:
        return _running.state is not None and bool(self.parser.is_matching(name))

    def parse_arguments(self, name: str) -> dict[str, Any]:
        return self.parser.parse_arguments(name) or {}


@given(_InStatuteScenarios(parsers.re(r'\s*the act\s+"(?P<name>[^"]+)"\s*', re.IGNORECASE)))
def the_act(name: str) -> None:
    """Given the Act "enacted" — a bundled Act, or a .law file or folder relative to the feature file."""
    _current().name_act(name)


@given(_InStatuteScenarios(parsers.re(r"\s*the following facts:?\s*", re.IGNORECASE)))
@when(_InStatuteScenarios(parsers.re(r"\s*the following facts:?\s*", re.IGNORECASE)))
def the_following_facts(datatable: list[list[str]] | None = None) -> None:
    """Given the following facts: | fact | … — one of the Act's phrases in each row."""
    state = _current()
    state.add_table(datatable or [], state.table_lines)


@given(ActPhrase())
@when(ActPhrase())
def a_fact(sentence: str) -> None:
    """Any of the Act's phrases, with parties in its slots: ``Alice is a teacher``, ``the age of Bella is 12``."""
    _current().add_fact(sentence)


@then(Outcome())
def an_outcome(sentence: str) -> None:
    """One of the fixed Then steps, e.g. ``Alice is under duty_to_notify``."""
    _current().then(sentence)


# ── reporting ────────────────────────────────────────────────────────────────


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Show statute's failures as text, and settle @divergence scenarios (xfail / disappeared)."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when != "call":
        return
    state = item.stash.get(STATE, None)
    if state is None:
        return
    error = call.excinfo.value if call.excinfo is not None else None
    if isinstance(error, ScenarioFailure):
        where = error.where
        report.longrepr = FailureRepr(error.text, error.headline, where.file if where else state.display_file,
                                      where.line if where else None)
    item.config.stash[DIVERGENCES].settle(item, state, report, error)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = config.stash[DIVERGENCES].summary_lines()
    if lines:
        terminalreporter.section("statute: where the law departs from the stated intent")
        for line in lines:
            terminalreporter.line(line)
    recorder = config.stash[COVERAGE]
    if recorder is not None:
        terminalreporter.section("statute coverage")
        for line in recorder.report_lines():
            terminalreporter.line(line)
        if config.stash.get(COVERAGE_WRITTEN, True):
            terminalreporter.line(f"JSON report: {coverage_path(config)}")


def coverage_path(config: pytest.Config) -> Path:
    given_path = config.getoption("statute_coverage_json")
    if given_path:
        return Path(config.invocation_params.dir, given_path)
    return Path(config.rootpath, config.getini("statute_coverage_json"))


#: what a pytest-xdist worker's coverage travels under in its ``workeroutput``
WORKER_COVERAGE = "statute_coverage"
COVERAGE_LOST = pytest.StashKey[list[str]]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: merge a worker's coverage into the controller's report (as pytest-cov does)."""
    config: pytest.Config = node.config
    recorder = config.stash.get(COVERAGE, None)
    if recorder is None:
        return
    raw = getattr(node, "workeroutput", {}).get(WORKER_COVERAGE)
    if raw is None:  # the worker died before it finished: the report would be missing its scenarios
        name = getattr(node, "gateway", None)
        config.stash.setdefault(COVERAGE_LOST, []).append(str(getattr(name, "id", None) or "a worker"))
        return
    acts = config.stash[ACTS]
    recorder.merge_raw(raw, lambda key: acts.get(key, None).act)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    recorder = session.config.stash.get(COVERAGE, None)
    workeroutput = getattr(session.config, "workeroutput", None)
    if recorder is not None and workeroutput is not None:  # an xdist worker: its controller writes the report
        workeroutput[WORKER_COVERAGE] = recorder.to_raw()
        return
    lost = session.config.stash.get(COVERAGE_LOST, [])
    if recorder is not None and lost:
        session.config.stash[COVERAGE_WRITTEN] = False
        message = (f"statute: the coverage report was not written to {coverage_path(session.config)}: "
                   f"the coverage of {', '.join(lost)} was lost (the worker did not finish), so the report "
                   "would undercount; the previous report is kept")
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(message, red=True)
        else:
            print(message, file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    if recorder is not None:
        path = coverage_path(session.config)
        try:
            recorder.write(path)
        except (OSError, ValueError) as error:
            session.config.stash[COVERAGE_WRITTEN] = False
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            message = f"statute: the coverage report was not written to {path}: {reason}"
            if reporter is not None:
                reporter.write_line(message, red=True)
            else:
                print(message, file=sys.stderr)
            session.exitstatus = pytest.ExitCode.USAGE_ERROR
