"""Louzhang (楼长): the clerical work of a locked-down compound, done by a chat bot."""
