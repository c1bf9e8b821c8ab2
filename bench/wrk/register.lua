-- register.lua — POSTs registrations, each by a new person: the e-mail is unique per request
-- (run tag, thread id, counter), names and organizations vary with accents and ñ as real ones do.
--   wrk ... -s bench/wrk/register.lua http://127.0.0.1:PORT/api/v1/editions/SLUG/registrations -- TAG
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local given = {"María", "José", "Ana Lucía", "Juan Carlos", "Verónica", "Ñusta", "Andrés", "Mónica", "Édison", "Sisa"}
local surname = {"Pérez", "Ñacato", "Guamán", "Yépez", "Muñoz", "Quishpe", "Zúñiga", "Tenesaca", "Villacís", "Tituaña", "Cevallos"}
local canton = {"Latacunga", "Pastaza", "Cuenca", "Loja", "San Miguel de Urcuquí", "Francisco de Orellana", "Otavalo", "Baños de Agua Santa"}
local types = {"authority", "official", "official", "cooperation", "academia", "civil_society", "press"}
local tag, n = "r", 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  tag = args[1] or tag
end

function request()
  n = n + 1
  local k = id * 7919 + n
  local c = canton[k % #canton + 1]
  local body = string.format(
    '{"full_name":"%s %s %s","email":"b%s-%d-%d@bench.example.ec","organization":"GAD Municipal de %s",' ..
    '"position":"Técnico de Cooperación Internacional","municipality":"%s","phone":"+593 99 %03d %04d",' ..
    '"attendee_type":"%s","consent":true}',
    given[k % #given + 1], surname[k % #surname + 1], surname[(k * 7) % #surname + 1], tag, id, n, c, c,
    k % 1000, n % 10000, types[k % #types + 1])
  return wrk.format(nil, nil, nil, body)
end
