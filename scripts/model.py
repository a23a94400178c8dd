"""Train the Rasa model only when its inputs changed; print the model's path.

The model is named after a hash of config.yml, the domain, the training data, our intent
classifier's code, the knowledge data it reads the answer cards' questions from and the spaCy
pipeline, so an unchanged project reuses models/<hash>.tar.gz.
Usage: python scripts/model.py [--path-only]
"""
import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
INPUTS = ["config.yml", "bot", "nlu", "components/tfidf_intent_classifier.py", "knowledge/data", "knowledge/cards.py",
          ".build/spacy-nl/meta.json"]
TRAINING_DATA = ["bot/stories", "bot/rules", "nlu"]


def inputs_hash(inputs: list[str] = INPUTS) -> str:
    """A short hash of the files (or folders) in `inputs`, relative to the project root."""
    digest = hashlib.sha256()
    for entry in inputs:
        path = ROOT / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS / f"{inputs_hash()}.tar.gz"


def train(target: Path) -> None:
    print(f"[model] model is verouderd: trainen naar {target.relative_to(ROOT)} (een paar minuten)", flush=True)
    started = time.monotonic()
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "config.yml",
        "--domain", "bot/domain",
        "--data", *TRAINING_DATA,
        "--out", str(MODELS),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    print(f"[model] getraind in {time.monotonic() - started:.0f} s", flush=True)


def main() -> None:
    target = model_path()
    if "--path-only" not in sys.argv:
        if target.exists():
            print(f"[model] model is actueel: {target.relative_to(ROOT)}", file=sys.stderr)
        else:
            train(target)
    print(target)


if __name__ == "__main__":
    main()
