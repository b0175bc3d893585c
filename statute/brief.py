"""The decisive reason first: an explanation tree cut to the branch that decides it.

A full explanation (:mod:`statute.explain`) shows every condition of every provision an
outcome touches; a failed step over a small case printed 150 lines, most of them about
bindings no one meant. A drafter needs the one branch that decides the outcome, each line
citing its provision. :func:`decisive` prunes a tree to that branch:

* a condition that fails shows only what makes it fail: of several failing conditions the
  shortest branch is opened, the others stay one line each; of alternatives (``any of``) each
  is one line, since every one of them had to fail;
* for a ``some`` that found no binding, only the nearest miss is opened (the explainer ranks
  candidates so that the parties the step names come first and a binding putting one party
  in two roles the phrase tells apart comes last);
* a condition that holds is opened only where it is the outcome's own support; holding parts
  under a failing one are context, not reasons, and are dropped;
* structural lines ("all of these hold") are folded into the line above.

The result is a smaller :class:`~statute.explain.Reason` tree, so the renderers and the JSON
form work on it unchanged; the full tree stays what ``--full``, ``--json`` and the report show.
:func:`first_fact` names the decisive fact itself, for a headline.
"""

from __future__ import annotations

from statute.explain import Reason, render_text

#: Lines a brief tree may take before its deepest parts are folded.
BUDGET = 18
#: Alternatives of a failed ``any of`` listed before the rest are counted.
MAX_ALTERNATIVES = 6
#: Other failing conditions listed (one line each) beside the opened one.
MAX_OTHERS = 2

_STRUCTURAL = frozenset({"all", "any", "group"})
_LEAVES = frozenset({"fact", "comparison", "deadline", "note", "conflict"})


def decisive(tree: Reason, budget: int = BUDGET) -> Reason:
    """The tree cut to the branch that decides its root, at most ``budget`` lines where possible."""
    for depth in range(12, 1, -1):
        for inline in (False, True):  # first give up the exceptions' own lines, then depth
            brief = _prune(tree, depth, support=True, inline=inline)
            if _size(brief) <= budget:
                return brief
    return _prune(tree, 2, support=True, inline=True)


def render_brief(tree: Reason, budget: int = BUDGET) -> str:
    """The decisive branch as indented text, without quotes or sources (``render_text`` of the full
    tree has them)."""
    return render_text(decisive(tree, budget), quotes=False)


def _size(node: Reason) -> int:
    return 1 + sum(_size(child) for child in node.children)


def _one_line(node: Reason, text: str | None = None) -> Reason:
    return Reason(text or node.text, node.holds, node.kind, node.provision, node.note)


def _deciding(node: Reason, support: bool = True) -> list[Reason]:
    """The children that give ``node`` its value (below the root, an outcome that holds is shown by
    its conditions and what it requires, not by the exceptions that do not defeat it)."""
    if node.kind == "not":
        return list(node.children)
    if node.kind == "some":
        return node.children[:1]  # the witness, or the nearest miss
    if node.holds:
        return [c for c in node.children if (c.holds or c.kind in ("exception", "action", "group"))
                and (support or c.text != "no exception defeats it")]
    failing = [c for c in node.children if not c.holds]
    if node.kind == "outcome" and not failing:  # "does not commit …: its conditions are not met"
        return list(node.children)
    return failing


def _prune(node: Reason, depth: int, support: bool, inline: bool = False) -> Reason:
    """``node`` with only its deciding children, opened to ``depth`` more levels."""
    out = _one_line(node)
    if depth <= 0 or node.kind in _LEAVES:
        return out
    children = _deciding(node, support)
    if not node.holds and node.kind not in ("any", "some", "not", "outcome", "exception") and len(children) > 1:
        # several failing conditions: open the shortest, list a few others on one line each
        children = sorted(children, key=_branch_length)
        opened = [_prune(children[0], depth if _structural(children[0]) else depth - 1, support, inline)]
        others = [_one_line(c) for c in children[1:1 + MAX_OTHERS]]
        rest = len(children) - 1 - len(others)
        if rest > 0:
            others.append(Reason(f"… and {rest} more conditions that also fail", False, "note"))
        out.children = _fold(opened + others)
        return out
    if node.kind == "any" and not node.holds:
        shown = [_prune(c, 1 if len(children) > 1 else depth - 1, support, inline)
                 for c in children[:MAX_ALTERNATIVES]]
        if len(children) > MAX_ALTERNATIVES:
            shown.append(Reason(f"… and {len(children) - MAX_ALTERNATIVES} more alternatives, none of which holds",
                                False, "note"))
        out.children = _fold(shown)
        return out
    if node.kind == "group" and node.text == "no exception defeats it":
        if inline and node.children:
            names = [c.text.removesuffix(" does not apply") for c in node.children]
            out.text = "no exception defeats it: " + "; ".join(names) + (" does not apply" if len(names) == 1
                                                                          else " — none applies")
        else:
            out.children = [_one_line(c) for c in node.children]
        return out
    out.children = _fold([_prune(c, depth if _structural(c) else depth - 1, support and _structural(c), inline)
                          for c in children])
    return out


def _structural(node: Reason) -> bool:
    """A line that only groups others ("all of these hold"): it is folded away, so costs no depth."""
    return (node.kind in ("all", "group") and node.provision is None) or (node.kind == "any" and node.holds is True)


def _fold(children: list[Reason]) -> list[Reason]:
    """Lift the lines of structural nodes ("all of these hold") into their parent; a status test and
    the outcome it asks about read the same, so they share one line."""
    out: list[Reason] = []
    for child in children:
        if child.kind in ("all", "any") and child.provision is None and not child.children:
            continue  # its lines were cut: "none of these holds" alone says nothing
        if _structural(child) and child.text != "no exception defeats it" and child.children:
            out.extend(child.children)
        elif child.kind == "status" and len(child.children) == 1 and child.children[0].kind == "outcome":
            merged = _one_line(child)
            merged.note = child.children[0].note
            merged.children = child.children[0].children
            out.append(merged)
        else:
            out.append(child)
    return out


def _branch_length(node: Reason) -> int:
    """Lines from ``node`` down its deciding branch to a stated fact."""
    if node.kind in _LEAVES or not node.children:
        return 1
    deciding = _deciding(node)
    if not deciding:
        return 1
    return 1 + min(_branch_length(c) for c in deciding)


def decisive_line(tree: Reason, focus: str | None = None) -> str | None:
    """The decisive fact as one line citing the provision that asks for it.

    ``focus`` is what the question was about: ``"action"`` (complied with, breached: what the duty
    requires), ``"exception"`` (excused from: the exceptions), else whether it applies. For an
    outcome that holds, the stated facts it rests on.
    """
    if tree.children and all(c.kind == "outcome" for c in tree.children):
        tree = tree.children[0]  # one provision, several bindings: the first
    cited = tree.provision
    if focus == "action":
        action = next((c for c in tree.children if c.kind == "action"), None)
        if action is None:
            return None
        tree = action
    elif focus == "exception":
        group = next((c for c in tree.children if c.text == "no exception defeats it"), None)
        if group is None or not group.children:
            return None
        first = group.children[0]
        return _line(first.text, first.note, first.provision)
    if tree.holds and tree.kind != "action":
        rests = [n for n in decisive(tree, budget=10_000).walk()
                 if n.holds and (n.kind == "comparison" or (n.kind == "fact" and "stated" in (n.note or "")))]
        unmet = _breaches(tree)
        if not rests and not unmet:
            return None
        listed = "; ".join(_fact(n) for n in rests[:MAX_RESTS])
        more = f"; and {len(rests) - MAX_RESTS} more" if len(rests) > MAX_RESTS else ""
        breach = "".join(f"; and {text} is not stated" for text in dict.fromkeys(unmet))
        return _line(f"it rests on {listed}{more}{breach}", None, cited)
    node = decisive(tree, budget=10_000)
    while node.children:
        failing = node.children if node.kind == "not" else [c for c in node.children if not c.holds]
        if not failing:
            break
        child = failing[0]
        if child.kind == "any" and len(child.children) > 1:  # every alternative fails: that is the reason
            named = "; ".join(c.text for c in child.children[:3]) + ("; …" if len(child.children) > 3 else "")
            what = f"the nearest miss ({node.text.removeprefix('not for ')})" if node.kind == "some" else node.text
            return _line(f"{what}: none of its {len(child.children)} alternatives holds ({named})", None,
                         node.provision or cited)
        node = child
        cited = node.provision or cited
    if node is tree:
        return None
    return _line(node.text, node.note if node.kind != "note" else None, cited)


#: Stated facts a holding outcome's "because" line names before counting the rest.
MAX_RESTS = 5


def _breaches(node: Reason, breach: bool = False) -> list[str]:
    """What the breached duties an outcome rests on required ("{x} breaches …" tests), unstated."""
    if node.kind == "action" and breach and not node.holds:
        return [node.text.removeprefix("what it makes required: ")]
    inside = breach or (node.kind == "status" and " breaches " in node.text)
    return [text for child in node.children for text in _breaches(child, inside)]


def _fact(node: Reason) -> str:
    if node.kind == "comparison" and node.note:
        return node.note  # "the age of Alice is 35", not "… is at least 18"
    line = (node.note or "").removeprefix("stated in the case").strip()
    return f"{node.text} {line}".strip()


def _line(text: str, note: str | None, cited: dict | None) -> str:
    note_text = f" — {note}" if note else ""
    cite = f"  [{cited['kind']} {cited['id']} · {cited['citation']}]" if cited else ""
    return " ".join(f"{text}{note_text}".split()) + cite


def relevance(tree: Reason) -> int:
    """How much of the case a tree rests on (stated facts that hold): of several trees for one step,
    the one nearest to applying comes first."""
    return sum(1 for node in tree.walk() if node.kind in ("fact", "comparison") and node.holds)
