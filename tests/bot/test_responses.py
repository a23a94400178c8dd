"""Pupils hear "je", parents and LOB staff "u" (house rule 6; conversation rules PA1 and PE1): a
response that addresses the reader as "je" has a variant for rol=ouder, the parent and staff
variants never say "je", and a variant fills the same slots as the pupil text."""
import re
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

from tests.wording import ADDRESSES_AS_JE

PLACEHOLDER = re.compile(r"{(\w+)}")


def role_of(variant: Dict[str, Any]) -> Optional[str]:
    """The value of the `rol` condition of a response variant, if it has one."""
    return next((c.get("value") for c in variant.get("condition") or [] if c.get("name") == "rol"), None)


def role_variants(domain: Dict[str, Any], role: str) -> Iterator[Tuple[str, Dict[str, Any]]]:
    for name, variants in domain["responses"].items():
        for variant in variants:
            if role_of(variant) == role:
                yield name, variant


def pupil_text(variants: list) -> str:
    return next((v.get("text", "") for v in variants if not v.get("condition")), "")


def test_every_response_that_says_je_has_a_parent_variant(domain: Dict[str, Any]) -> None:
    missing = sorted(name for name, variants in domain["responses"].items()
                     if ADDRESSES_AS_JE.search(pupil_text(variants)) and not any(role_of(v) == "ouder" for v in variants))
    assert missing == [], "these responses call a parent 'je'"


@pytest.mark.parametrize("role", ["ouder", "lob"])
def test_parent_and_staff_variants_say_u(domain: Dict[str, Any], role: str) -> None:
    assert any(True for _ in role_variants(domain, role)), f"no variants for rol={role} found"
    with_je = sorted(name for name, variant in role_variants(domain, role)
                     if ADDRESSES_AS_JE.search(variant.get("text", "")))
    assert with_je == []


@pytest.mark.parametrize("role", ["ouder", "lob"])
def test_variants_fill_the_same_slots_as_the_pupil_text(domain: Dict[str, Any], role: str) -> None:
    different = sorted(
        name for name, variant in role_variants(domain, role)
        if set(PLACEHOLDER.findall(variant.get("text", "")))
        != set(PLACEHOLDER.findall(pupil_text(domain["responses"][name])))
    )
    assert different == []
