from zinemaker.program import run

run()
