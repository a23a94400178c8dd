"""Check the NLU cross-validation report that `rasa test nlu --cross-validation` wrote.

Prints the macro-F1 and the weakest intents; exits 1 below the target (issue: >= 0.90).
Usage: python scripts/eval_nlu.py results/nlu/intent_report.json
"""
import json
import sys
from pathlib import Path

TARGET_MACRO_F1 = 0.90


def main(report_path: Path) -> int:
    report = json.loads(report_path.read_text())
    macro = report["macro avg"]["f1-score"]
    intents = {name: scores for name, scores in report.items() if isinstance(scores, dict) and "support" in scores
               and name not in ("macro avg", "weighted avg", "micro avg")}
    print(f"intents: {len(intents)}  macro-F1: {macro:.3f}  (doel >= {TARGET_MACRO_F1})")
    for name, scores in sorted(intents.items(), key=lambda item: item[1]["f1-score"])[:5]:
        print(f"  zwakst: {name:28} F1 {scores['f1-score']:.3f}  (n={scores['support']})")
    print(f"confusion matrix: {report_path.parent / 'intent_confusion_matrix.png'}")
    return 0 if macro >= TARGET_MACRO_F1 else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "results/nlu/intent_report.json")))
