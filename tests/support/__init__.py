"""Shared test support: paths, the emulator as a process, playbook runs, the official SDK."""
