"""Moving between dayledger and the tools people already use: Taskwarrior, todo.txt."""
