// The JavaScript API in use: judge a small case, check a broken one (docs/js-api.md).
import init, { judge, check } from "./zeren.js";

// Worked example E1 of the corpus (tests/cases/worked/e1-county-portal-defaced.toml).
const CASE = `format = 1
title = "E1 县政府门户网站被篡改，转发 2.5 万次，报告和处置均迟"

[organisation]
coordinator = "county_cac"

[[unit]]
id = "county_gov"
name = "某县人民政府办公室"
level = "county"
managed_by = "中共某市委"

[[unit]]
id = "county_cac"
name = "中共某县委网信办"
level = "county"
managed_by = "中共某县委"

[[person]]
id = "zhang"
name = "张某"
title = "县政府办公室主任"
unit = "county_gov"
role = "main_leader"

[[person]]
id = "li"
name = "李某"
title = "县政府办公室副主任（分管网络安全）"
unit = "county_gov"
role = "cyber_leader"

[[person]]
id = "chen"
name = "陈某"
title = "信息中心主任"
unit = "county_gov"
role = "security_officer"

[[person]]
id = "liu"
name = "刘某"
title = "值班运维人员"
unit = "county_gov"
role = "staff"

[system]
name = "某县人民政府门户网站"
kind = "portal"
level = "county"
unit = "county_gov"

[incident]
attack = "defacement"
tampered = true
reposts = 25000
report_minutes = 300
handling_minutes = 240

[[act]]
person = "liu"
caused = ["report", "handling"]
note = "发现首页被篡改后未按预案上报，自行尝试修复"
`;

await init();
const show = (id, value) => { document.getElementById(id).textContent = JSON.stringify(value, null, 2); };
try {
  const verdict = judge(CASE, { readings: { a1: "either" } });
  show("verdict", { fired: verdict.fired, accountable: verdict.accountable.map((r) => [r.person, r.kind]) });
} catch (problems) {
  show("verdict", problems);
}
show("check", check(CASE.replace('kind = "portal"', 'kind = "portl"')));
document.body.dataset.ready = "yes";
