"""Build the blank Dutch spaCy pipeline with the lookup lemmatizer that config.yml uses.

No pretrained Dutch model can be downloaded here, so SpacyNLP loads this folder.
Usage: python scripts/build_spacy_nl.py OUTPUT_DIR
"""
import sys
from pathlib import Path

import spacy


def build(output_dir: Path) -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the Dutch lookup table from spacy-lookups-data
    output_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    build(target)
    lemmas = [token.lemma_ for token in spacy.load(target)("opleidingen scholen werkt")]
    print(f"spaCy-pijplijn gebouwd in {target} (lemma's: {' '.join(lemmas)})")
