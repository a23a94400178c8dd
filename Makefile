# Studiekeuze-assistent. Start here: `make run` (chat on http://localhost:8000) and `make test`.
PY := .venv/bin/python
DOMAIN := bot/domain
DATA := bot/stories bot/rules nlu
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# No usage data or crash reports to Rasa (PRIVACY.md).
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: help setup knowledge model validate audit test-stories test-unit test eval eval-dev eval-profiles bench soak profile purge run start stop status run-scaled start-scaled stop-scaled status-scaled clean

help:  ## this list
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup:  ## install everything into .venv (fast when nothing changed)
	@scripts/setup.sh

knowledge: setup  ## build the knowledge database (.build/knowledge.db)
	@$(PY) -m knowledge build

model: setup knowledge  ## train the model only when config, domain or data changed
	@$(PY) scripts/model.py > /dev/null

validate: setup  ## rasa data validate --fail-on-warnings
	$(PY) -m rasa data validate --domain $(DOMAIN) --data $(DATA) --config config.yml --fail-on-warnings

audit: setup  ## pip-audit report on the packages in .venv; fails only when pip-audit itself is missing or broken
	@$(PY) scripts/audit.py

test-stories: model  ## end-to-end test stories in tests/stories with the trained model
	$(PY) -m rasa test core --model $$($(PY) scripts/model.py --path-only) --stories tests/stories \
		--fail-on-prediction-errors --out results/stories

test-unit: setup knowledge  ## pytest without the running stack
	$(PY) -m pytest -m "not stack"

test: audit validate test-stories  ## everything: dependency audit, validation, test stories, pytest (starts the stack)
	$(PY) -m pytest

eval: setup  ## NLU 5-fold cross-validation: reports and confusion matrices in results/nlu (about 15 min on 2 cores)
	$(PY) -m rasa test nlu --nlu nlu --config config.yml --cross-validation --folds 5 --out results/nlu
	$(PY) scripts/eval_nlu.py results/nlu/intent_report.json

eval-dev: start  ## the dev sets (tests/devset): questions (fallback, correct, wrong, "Bedoel je" per persona and topic) and reflection profiles
	$(PY) scripts/eval_dev.py --split all
	$(PY) scripts/eval_profiles.py

eval-profiles: knowledge  ## reflection options on the pupil-profile dev set: fit, reachable level, stuck forms (~1 min)
	$(PY) scripts/eval_profiles.py

bench: start  ## load, baseline, cold start, training, KB queries, a long conversation, a classroom and a 15-min soak (~55 min; BENCH_QUICK=1: ~15 min)
	$(PY) scripts/bench.py

soak: start  ## only the soak: 15 min at half the sustained load, RSS growth and errors (BENCH_SOAK_S=...)
	$(PY) scripts/soak.py

profile: start  ## py-spy profile of Rasa under load (TARGET=actions for the action server); results/profile/
	$(PY) scripts/profile_rasa.py --target $(or $(TARGET),rasa)

purge: setup  ## delete conversations and log files older than RETENTION_DAYS (default 30)
	@$(PY) scripts/purge.py

run: model  ## start actions (5055), Rasa (5005, scripts/run_rasa.py) and web (8000); Ctrl-C stops all
	@$(PY) scripts/stack.py run $$($(PY) scripts/model.py --path-only)

start: model  ## like run, but in the background
	@$(PY) scripts/stack.py start $$($(PY) scripts/model.py --path-only)

stop:  ## stop what run/start started
	@$(PY) scripts/stack.py stop

status:  ## which parts answer
	@$(PY) scripts/stack.py status

run-scaled: model  ## 2 Rasa instances + 2 action servers behind nginx, Redis, PostgreSQL, web; Ctrl-C stops all
	@$(PY) scripts/scaled.py run $$($(PY) scripts/model.py --path-only)

start-scaled: model  ## like run-scaled, but in the background (ports: SCALED_PORT_BASE, see README)
	@$(PY) scripts/scaled.py start $$($(PY) scripts/model.py --path-only)

stop-scaled:  ## stop what run-scaled/start-scaled started
	@$(PY) scripts/scaled.py stop

status-scaled:  ## which parts of the scaled setup answer
	@$(PY) scripts/scaled.py status

clean:  ## remove trained models, results and logs (keeps .venv)
	rm -rf models results logs
