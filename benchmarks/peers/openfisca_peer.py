"""The enacted Act's duty to notify in OpenFisca, vectorised over every person of every case.

    python benchmarks/peers/openfisca_peer.py INPUT.json

OpenFisca (openfisca-core, the microsimulation engine behind PolicyEngine) computes variables
of entities over whole populations with numpy. It has no relation between two persons, so
the rule is encoded per person, as a tax-benefit rule would be: a person is under the duty
when aged 18 or over, engaged in a regulated role, working in England and told of an offence
(by any child: the child's identity is folded into one flag), and in breach when they did not
notify. benchmarks/batch.py writes INPUT (one array per input variable, one entry per person,
and each person's case index), checks this peer's breaches against the evaluator's, then reads
the µs a case this prints. The Python evaluator and the SQL plan compute far more (every
provision, every binding, exceptions and priority): the comparison is of throughput, and says so.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.periods import period as make_period
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="A person", is_person=True)
Household = build_entity(key="case", plural="cases", label="A case",
                         roles=[{"key": "party", "plural": "parties", "label": "Party"}])

INPUTS = ("engaged", "england", "told", "notified")


def _input(name: str, kind: type) -> type:
    return type(name, (Variable,), {"value_type": kind, "entity": Person, "definition_period": DateUnit.YEAR,
                                    "label": name})


class duty_to_notify(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "under the duty to notify"

    def formula(person, period):
        return (person("age", period) >= 18) * person("engaged", period) * person("england", period) \
            * person("told", period)


class duty_breached(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "in breach of the duty to notify"

    def formula(person, period):
        return person("duty_to_notify", period) * np.logical_not(person("notified", period))


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Person, Household])
    tbs.add_variable(_input("age", float))
    for name in INPUTS:
        tbs.add_variable(_input(name, bool))
    tbs.add_variable(duty_to_notify)
    tbs.add_variable(duty_breached)
    return tbs


def run(data: dict) -> tuple[float, list[bool]]:
    tbs = system()
    persons = len(data["case"])
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("person", [str(i) for i in range(persons)])
    cases = builder.declare_entity("case", [str(i) for i in range(data["cases"])])
    builder.join_with_persons(cases, np.array(data["case"]), np.array(["party"] * persons))
    simulation = builder.build(tbs)
    year = make_period("2026")
    simulation.set_input("age", year, np.array(data["age"], dtype=float))
    for name in INPUTS:
        simulation.set_input(name, year, np.array(data[name], dtype=bool))
    start = time.perf_counter()
    breached = simulation.calculate("duty_breached", year)
    seconds = time.perf_counter() - start
    return seconds, breached.tolist()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as stream:
        payload = json.load(stream)
    seconds, breached = run(payload)
    json.dump({"seconds": seconds, "breached": breached}, sys.stdout)
