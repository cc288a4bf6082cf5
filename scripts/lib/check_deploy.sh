# Validates compose/ offline: the compose file's structure and the Kubernetes manifests against
# the API schemas kubernetes-validate ships; and openapi.yaml against the OpenAPI 3.1 schema
# (openapi-spec-validator). Both from PyPI, in a private virtual environment, with numpy and scipy
# for the evidence gates' Python reference (scripts/lib/verdict_oracle.py), checked here too.
# Sourced by scripts/test.
# shellcheck shell=bash

# The py-clob-client version the compatibility test pins (ClobClientCompatibilityTests.clientVersion).
CLOB_CLIENT_VERSION="0.34.6"

# Polymarket's Python client in its own virtual environment (its dependencies are not the
# validators'), installed beside the build so the test phase does not wait on PyPI. Advisory: when
# it cannot be installed here, the compatibility test installs it itself (and fails there if PyPI
# is out of reach), and no other test waits on it.
prepare_clob_client() {
  local venv="$PRESCIENT_ROOT/.build-venv-clob"
  if ! clob_client_ready; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" >/dev/null \
      || ! "$venv/bin/pip" install -q --no-compile --disable-pip-version-check "py-clob-client==$CLOB_CLIENT_VERSION" >/dev/null; then
      log "py-clob-client $CLOB_CLIENT_VERSION could not be installed in $venv; its test will install it itself"
      return 0
    fi
  fi
  log "py-clob-client $CLOB_CLIENT_VERSION ready in $venv"
}

# Whether .build-venv-clob holds the pinned client.
clob_client_ready() {
  "$PRESCIENT_ROOT/.build-venv-clob/bin/python" -c \
    "import importlib.metadata as m, sys; sys.exit(m.version('py-clob-client') != '$CLOB_CLIENT_VERSION')" 2>/dev/null
}

check_deploy() {
  local venv="$PRESCIENT_ROOT/.build-venv"
  if [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/openapi-spec-validator" ] \
    || ! "$venv/bin/python" -c "import numpy, scipy" 2>/dev/null; then
    log "installing kubernetes-validate, openapi-spec-validator, numpy and scipy into $venv"
    python3 -m venv "$venv" >/dev/null || die "python3 -m venv failed (apt package python3-venv)"
    "$venv/bin/pip" install -q --no-compile "kubernetes-validate==1.37.0" "openapi-spec-validator==0.7.1" "numpy==2.4.6" "scipy==1.17.1" \
      >/dev/null || die "pip could not install kubernetes-validate, openapi-spec-validator, numpy and scipy"
  fi
  "$venv/bin/python" "$PRESCIENT_ROOT/scripts/lib/verdict_oracle.py" --check "$PRESCIENT_ROOT" \
    || die "the evidence gates' reference figures changed (regenerate: $venv/bin/python scripts/lib/verdict_oracle.py .)"
  "$venv/bin/openapi-spec-validator" "$PRESCIENT_ROOT/openapi.yaml" >/dev/null || die "openapi.yaml is not a valid OpenAPI 3.1 document"
  log "openapi.yaml: a valid OpenAPI 3.1 document"
  "$venv/bin/python" "$PRESCIENT_ROOT/scripts/lib/check_deploy.py" "$PRESCIENT_ROOT" || die "compose/docker-compose.yml has problems"
  "$venv/bin/kubernetes-validate" --strict --quiet -k 1.30.0 "$PRESCIENT_ROOT"/compose/kubernetes/*.yaml \
    || die "compose/kubernetes/ does not validate against the Kubernetes 1.30 schemas"
  log "kubernetes: compose/kubernetes/*.yaml validate (strict, Kubernetes 1.30)"
}
