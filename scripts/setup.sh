#!/usr/bin/env bash
# Installs everything the assistant needs into .venv (and .build/), idempotently.
# A second run with unchanged requirements takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP=.build/setup.stamp
PYTHON=${PYTHON:-python3}
export TF_CPP_MIN_LOG_LEVEL=2

say() { printf '[setup] %s\n' "$*"; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  say "Python 3.11 is nodig (gevonden: $("$PYTHON" --version 2>&1)). Zet PYTHON=/pad/naar/python3.11."
  exit 1
fi

# Debian packages first: cheap to check, and needed by the browser tests.
missing=$(grep -v '^#' requirements/apt-packages.txt | xargs -r -n1 sh -c 'dpkg -s "$0" >/dev/null 2>&1 || echo "$0"')
if [[ -n $missing ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    say "ontbrekende Debian-pakketten: $(echo $missing). Installeer ze als root: apt-get install $(echo $missing)"
    exit 1
  fi
  say "Debian-pakketten installeren: $(echo $missing)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# pip-audit (`make audit`) gets its own small venv: it can never change the packages Rasa pins.
AUDIT_VENV=.build/audit-venv
audit_wanted=$(sha256sum requirements/audit.txt | cut -d' ' -f1)
if [[ ! -x $AUDIT_VENV/bin/pip-audit || $(cat $AUDIT_VENV/stamp 2>/dev/null) != "$audit_wanted" ]]; then
  say "pip-audit installeren in $AUDIT_VENV (eigen omgeving, los van $VENV)"
  rm -rf $AUDIT_VENV
  mkdir -p .build
  "$PYTHON" -m venv $AUDIT_VENV
  $AUDIT_VENV/bin/pip install -q --disable-pip-version-check --prefer-binary -r requirements/audit.txt
  echo "$audit_wanted" > $AUDIT_VENV/stamp
fi

# axe-core for the accessibility checks of the browser tests, from the npm registry (tests/browser/package-lock.json).
NPM_DIR=tests/browser
npm_wanted=$(sha256sum $NPM_DIR/package-lock.json | cut -d' ' -f1)
if [[ ! -f $NPM_DIR/node_modules/axe-core/axe.min.js || $(cat .build/npm.stamp 2>/dev/null) != "$npm_wanted" ]]; then
  if ! command -v npm >/dev/null; then
    say "npm ontbreekt (nodig voor axe-core in de browsertests): installeer Node.js met npm"
    exit 1
  fi
  say "axe-core installeren (npm ci in $NPM_DIR)"
  npm ci --prefix $NPM_DIR --no-audit --no-fund --silent
  mkdir -p .build
  echo "$npm_wanted" > .build/npm.stamp
fi

# The stamp records what was installed; when requirements change, install again.
wanted=$(cat requirements/*.txt scripts/setup.sh scripts/build_spacy_nl.py | sha256sum | cut -d' ' -f1)
if [[ -x $VENV/bin/python && -f $STAMP && $(cat $STAMP) == "$wanted" && -d .build/spacy-nl ]]; then
  say "alles is al geinstalleerd"
  exit 0
fi

mkdir -p .build
[[ -x $VENV/bin/python ]] || { say "virtuele omgeving maken in $VENV"; "$PYTHON" -m venv $VENV; }
PIP=("$VENV/bin/pip" install --disable-pip-version-check --prefer-binary)

say "stap 1/4: Rasa's afhankelijkheden (de eerste keer ongeveer 1 GB, duurt enkele minuten)"
"${PIP[@]}" -q -r requirements/rasa-deps.txt -c requirements/constraints.txt
say "stap 2/4: rasa 3.6.21 en rasa-sdk 3.6.2 (zonder vereisten, zie shared/stack/INSTALL-NOTES.md)"
"${PIP[@]}" -q --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
say "stap 3/4: projectpakketten"
"${PIP[@]}" -q -r requirements/project.txt -c requirements/constraints.txt
say "stap 4/4: Nederlandse spaCy-pijplijn"
rm -rf .build/spacy-nl
$VENV/bin/python scripts/build_spacy_nl.py .build/spacy-nl

echo "$wanted" > $STAMP
say "klaar"
