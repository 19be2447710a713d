"""The exit codes of every factlint command (a public interface)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # nothing reached --fail-on
    FINDINGS = 1  # a finding at or above --fail-on
    USAGE = 2  # bad usage, configuration or input: one line on stderr says what to do
    INTERNAL = 3  # a bug in factlint
