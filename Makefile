# The two commands: `make run` and `make test`. Everything else is CMake.
BUILD ?= build
TEST_BUILD ?= build-test
JOBS ?= $(shell nproc)
CONFIG ?= conf/crmd.cfg

.PHONY: run test deps build test-build bench fuzz clean

# Builds, seeds the demo bank into an empty store, and serves.
run: deps build
	@mkdir -p var
	./$(BUILD)/crmd seed-demo -c $(CONFIG)
	./$(BUILD)/crmd serve -c $(CONFIG)

test: deps test-build
	cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

deps:
	@sh scripts/deps.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRM_BUILD_TESTS=OFF >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# The test suite runs under AddressSanitizer and UndefinedBehaviorSanitizer.
test-build:
	cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCRM_SANITIZE=ON >/dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench -j $(JOBS)
	sh tests/bench/run.sh build-bench 1000000

# Each fuzz target for FUZZ_SECONDS (default 60) from its seed corpus.
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCRM_FUZZ=ON \
	    -DCRM_BUILD_TESTS=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	for t in json time cursor; do \
	    mkdir -p build-fuzz/corpus/$$t && \
	    ./build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) build-fuzz/corpus/$$t \
	        tests/fuzz/corpus/$$t || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-bench build-fuzz
