"""The main job (`make`): validate -> generate -> sandbox -> short contract check -> publish."""
