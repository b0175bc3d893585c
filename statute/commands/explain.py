"""``statute explain --act ACT CASE``: evaluate a case and explain every outcome."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from statute import model as m
from statute.brief import decisive, decisive_line, render_brief
from statute.case import CaseReader, read_case
from statute.commands.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, load_for_cli, print_diagnostics, print_json
from statute.commands.dates import add_time_options
from statute.diagnostics import Diagnostic, Severity
from statute.evaluate import EvaluationTooLarge, evaluator_for
from statute.explain import explain_outcome, render_text, to_json
from statute.outcomes import Assessment, Status
from statute.source import MAX_FILE_BYTES, Source, decode, read_source

#: Outcomes explained in one run; the summary lists every outcome. A case with many parties can have
#: tens of thousands (every reporter towards every child), and each tree quotes its provisions.
MAX_EXPLAINED = 1_000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "explain", help="evaluate the facts of a case against an Act and explain the outcomes",
        description="Evaluate a case (one fact per line, in the Act's phrases, or JSON) and explain who is under "
                    "which duty, who is in breach, who commits which offence, the maximum penalty and what "
                    "aggravates it, citing provisions. Exit 0 when evaluated, 1 on errors in the Act or the case, "
                    "2 when a file cannot be read.")
    parser.add_argument("--act", required=True, help="a bundled Act name, a .law file or a folder")
    parser.add_argument("case", metavar="CASE_FILE", help="the case file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the assessment and explanations as JSON")
    parser.add_argument("--party", help="only outcomes for this party")
    parser.add_argument("--why-not", metavar="PROVISION",
                        help="explain why a provision does not apply to --party (or to anyone)")
    add_world_options(parser)
    parser.add_argument("--full", action="store_true",
                        help="print every branch of each explanation, with quotes and sources (default: the "
                             "branch that decides each outcome)")
    add_time_options(parser, "evaluate the case")
    parser.set_defaults(run=run)


def add_world_options(parser: argparse.ArgumentParser) -> None:
    """``--closed-world`` / ``--open-world``: the world assumption when the case declares none."""
    world = parser.add_mutually_exclusive_group()
    world.add_argument("--closed-world", dest="closed_world", action="store_const", const=True, default=None,
                       help="a fact the case does not state is false (unless the case's header says otherwise)")
    world.add_argument("--open-world", dest="closed_world", action="store_const", const=False,
                       help="a fact the case does not state is unknown (unless the case's header says otherwise)")


def world_line(assessment: Assessment) -> str:
    """The world assumption, said where every output starts, so that it is never silent."""
    if assessment.closed_world:
        return "closed world: a fact the case does not state is taken as false (assumed: not stated)"
    return "open world: a fact the case does not state is unknown"


def _read_case_source(path: str) -> Source | Diagnostic:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return Diagnostic(Severity.ERROR, "E001", f"the input is larger than {MAX_FILE_BYTES // 2**20} MB",
                              "<stdin>", hint="a case is one fact per line; split it")
        return decode(data, "<stdin>")
    return read_source(path)


def summary(assessment: Assessment) -> list[str]:
    act = assessment.act
    kinds = {p.kind for p in act.provisions}
    # "under no duty" of an Act that imposes none says nothing true about the party: say only what could apply
    has_duties = bool(kinds & {m.Kind.DUTY, m.Kind.PROHIBITION})
    has_offences = m.Kind.OFFENCE in kinds
    lines = []
    for party in assessment.case.parties:
        parts = []
        for outcome in assessment.for_party(party):
            provision = act.provision(outcome.provision)
            others = ", ".join(v for k, v in outcome.binding if k != (provision.subject or ""))
            regarding = f" regarding {others}" if others else ""
            if outcome.status is Status.UNDETERMINED:
                could = ", ".join(str(s) for s in outcome.possible)
                parts.append(f"undetermined: {outcome.provision}{regarding} ({could})")
            elif outcome.kind in (m.Kind.DUTY, m.Kind.PROHIBITION):
                if outcome.status is Status.EXCUSED:
                    parts.append(f"excused from {outcome.provision}{regarding} (by {', '.join(outcome.because)})")
                else:
                    parts.append(f"under {outcome.provision}{regarding} ({outcome.status})")
            elif outcome.status is Status.COMMITTED:
                worst = max(outcome.penalties, key=lambda p: p.imprisonment_hours, default=None)
                parts.append(f"commits {outcome.provision}" + (f" (maximum: {worst})" if worst else "")
                             + (f", aggravated by {', '.join(outcome.aggravated_by)}" if outcome.aggravated_by
                                else ""))
            elif outcome.status is Status.FOLLOWS:
                parts.append(f"faces {outcome.provision}")
            elif outcome.status is Status.GRANTED:
                parts.append(f"may rely on {outcome.provision}{regarding}")
            elif outcome.status is Status.DEFEATED:
                defences = [d for d in outcome.because if isinstance(act.provisions_by_id.get(d), m.Defence)]
                if defences:
                    parts.append(f"has a defence to {outcome.provision} ({', '.join(defences)})")
                else:
                    parts.append(f"{outcome.provision} defeated by {', '.join(outcome.because)}")
        if has_duties and not any(o.kind in (m.Kind.DUTY, m.Kind.PROHIBITION) for o in assessment.for_party(party)):
            parts.append("under no duty")
        if has_offences and not assessment.offences(party) and not any(
                o.kind is m.Kind.OFFENCE and o.status is Status.UNDETERMINED for o in assessment.for_party(party)):
            parts.append("commits no offence")
        lines.append(f"{party}: " + ("; ".join(parts) or "nothing in the Act applies"))
    return lines


def run(args: argparse.Namespace) -> int:
    loaded, code = load_for_cli(args.act)
    if loaded.act is None or code:
        return code
    act = loaded.act
    source = _read_case_source(args.case)
    if isinstance(source, Diagnostic):
        print_diagnostics([source])
        return EXIT_USAGE
    case, problems = read_case(CaseReader(act), source.text, source.file)
    if problems:
        print_diagnostics(problems)
        return EXIT_ERRORS
    if args.party and args.party not in case.parties:
        print_diagnostics([Diagnostic(Severity.ERROR, "C007", f"the case names no party {args.party!r}", source.file,
                                      hint="parties in the case: " + ", ".join(case.parties))])
        return EXIT_ERRORS
    if args.why_not and args.why_not not in act.provisions_by_id:
        from statute.diagnostics import did_you_mean

        print_diagnostics([Diagnostic(Severity.ERROR, "E301", f"there is no provision {args.why_not!r}",
                                      hint=did_you_mean(args.why_not, act.provisions_by_id))])
        return EXIT_ERRORS
    try:
        if args.in_force:
            case = replace(case, appointed=case.appointed + tuple(args.in_force))
        assessment = evaluator_for(act).evaluate(case, args.as_at, args.closed_world)
        outcomes = [o for o in assessment.outcomes if args.party is None or o.party == args.party
                    or (o.party is None and _offender(act, o) == args.party)]
        explained = [o for o in outcomes if o.kind is not m.Kind.AGGRAVATING_FACTOR]
        trees = [explain_outcome(assessment.run, o.provision, o.binding) for o in explained[:MAX_EXPLAINED]]
        omitted = len(explained) - len(trees)
        why_not = assessment.explain(args.why_not, args.party) if args.why_not else None
    except EvaluationTooLarge as error:
        print_diagnostics([Diagnostic(Severity.ERROR, "C008", str(error), source.file,
                                      hint="split the case, or name fewer parties")])
        return EXIT_ERRORS
    if args.json:
        data = assessment.to_json()
        data["explanations"] = [to_json(t)["explanation"] for t in trees]
        if omitted:
            data["explanations_omitted"] = omitted
        if why_not is not None:  # the decisive reason first: a reader of the JSON should not dig for it
            lead = {"why_not_because": decisive_line(why_not),
                    "why_not_decisive": to_json(decisive(why_not))["explanation"]}
            data = {"schema": data.pop("schema"), **lead, **data, "why_not": to_json(why_not)["explanation"]}
        print_json(data)
        return EXIT_OK
    version = f" ({act.version})" if act.version else ""
    as_at = f", as at {assessment.as_at.isoformat()}" if assessment.as_at is not None else ""
    print(" ".join(f"{act.title}{version} — case {source.file}{as_at}, parties: {', '.join(case.parties) or 'none'}"
                   .splitlines()))
    print(world_line(assessment))
    print()
    for line in summary(assessment):
        if args.party is None or line.startswith(args.party + ":"):
            print(line)
    for conflict in assessment.conflicts:
        print(f"CONFLICT for {conflict.party}: {conflict.first} and {conflict.second} disagree about "
              f"'{conflict.action}' and no priority ranks them")
    show = render_text if args.full else render_brief
    if why_not is not None:  # the question asked comes first
        print()
        because = decisive_line(why_not)
        if because and not args.full:
            print(f"because: {because}")
        print(show(why_not))
    for tree in trees:
        print()
        print(show(tree))
    if omitted:
        print(f"\n… {omitted} more outcomes are not explained (statute explains the first {MAX_EXPLAINED:,}); "
              "use --party NAME or --why-not PROVISION to see one")
    if (trees or why_not is not None) and not args.full:
        print("\n(the branch that decides each outcome; --full for every branch, with quotes and sources)")
    return EXIT_OK


def _offender(act: m.Act, outcome) -> str | None:
    """The party an aggravating factor's outcome is about: the offender of the offence it aggravates
    (not any party the binding names, such as the victim)."""
    provision = act.provision(outcome.provision)
    binding = dict(outcome.binding)
    for target in getattr(provision, "targets", ()):
        subject = act.provision(target).subject
        if subject in binding:
            return binding[subject]
    return next(iter(binding.values()), None)
