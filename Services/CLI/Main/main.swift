import PrescientCLI

Prescient.runMain()
