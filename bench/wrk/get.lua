-- get.lua — plain GETs of the URL given to wrk, with run.sh's report line.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")
