"""Words the knowledge base and the actions share: the places in the school system and their Dutch names."""
from __future__ import annotations

# A place someone comes from or goes to (routes.csv `van` / `naar`), with the name a pupil reads.
PLACE_NAMES = {
    "vmbo-basis": "vmbo basis", "vmbo-kader": "vmbo kader", "vmbo-gl": "vmbo gl", "vmbo-tl": "vmbo tl",
    "havo": "havo", "vwo": "vwo", "mbo1": "mbo niveau 1 (Entree)", "mbo2": "mbo niveau 2",
    "mbo3": "mbo niveau 3", "mbo4": "mbo niveau 4", "hbo": "het hbo", "wo": "het wo",
}
LEVELS = ("mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo")
SCHOOL_TYPES = ("vmbo", "havo", "vwo", "mbo", "hbo", "wo")
LEERWEGEN = ("bol", "bbl", "vmbo-basis", "vmbo-kader", "vmbo-gl", "vmbo-tl")
