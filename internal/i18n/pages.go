package i18n

func init() { add(pageMessages) }

// pageMessages are the strings of the pages, keyed by area.
var pageMessages = map[string][2]string{
	"app.name":             {"绩效自评", "Performance self-assessment"},
	"nav.forms":            {"自评表", "Forms"},
	"nav.returned":         {"已退回", "Returned"},
	"nav.to_review":        {"待审核", "To review"},
	"nav.logout":           {"退出", "Sign out"},
	"role.staff":           {"填报人", "Staff"},
	"role.supervisor":      {"审核人", "Supervisor"},
	"role.admin":           {"管理员", "Administrator"},
	"role.auditor":         {"审计", "Auditor"},
	"status.draft":         {"草稿", "Draft"},
	"status.submitted":     {"已提交", "Submitted"},
	"status.returned":      {"已退回", "Returned"},
	"status.approved":      {"已通过", "Approved"},
	"login.title":          {"登录", "Sign in"},
	"login.username":       {"用户名", "Username"},
	"login.password":       {"密码", "Password"},
	"login.submit":         {"登录", "Sign in"},
	"login.failed":         {"用户名或密码不正确", "Wrong username or password"},
	"login.expired_title":  {"登录已过期", "Your session has expired"},
	"login.expired_text":   {"请重新登录，您输入的内容仍在页面上，登录后会自动保存。", "Sign in again: what you typed is still on the page and will be saved once you are signed in."},
	"login.replay":         {"登录已过期。重新登录后将保存您刚才提交的内容。", "Your session expired. Sign in again and what you just submitted will be saved."},
	"error.title":          {"出错了", "Something went wrong"},
	"error.back":           {"返回自评表列表", "Back to the forms"},
	"error.400":            {"请求无法识别。", "The request could not be understood."},
	"error.403":            {"您无权访问此页面或执行此操作。", "You may not see this page or do this."},
	"error.404":            {"找不到该页面或自评表。", "There is no such page or form."},
	"error.405":            {"不支持此操作。", "This action is not supported here."},
	"error.413":            {"提交的内容过大（上限 1 MiB）。", "What you sent is too large (at most 1 MiB)."},
	"error.csrf":           {"页面已过期或来源不明，请刷新页面后重试。", "The page is out of date or did not come from this site: reload it and try again."},
	"error.500":            {"服务器出错，您的数据没有丢失。请稍后重试。", "The server failed; no data was lost. Please try again."},
	"list.title":           {"项目支出绩效自评表", "Project performance self-assessments"},
	"list.year":            {"年度", "Year"},
	"list.status":          {"状态", "Status"},
	"list.all":             {"全部", "All"},
	"list.filter":          {"筛选", "Filter"},
	"list.updated":         {"最后修改", "Last changed"},
	"list.empty":           {"该年度没有自评表。", "No forms for this year."},
	"list.new":             {"新建自评表", "New form"},
	"list.create":          {"新建", "Create"},
	"list.copy_next_year":  {"复制到下一年度", "Copy to next year"},
	"form.title":           {"财政项目支出绩效自评表", "Project Expenditure Performance Self-Assessment"},
	"form.year_of":         {"%d 年度", "Year %d"},
	"form.project":         {"项目名称", "Project"},
	"form.department":      {"主管部门", "Supervising department"},
	"form.unit":            {"实施单位", "Implementing unit"},
	"form.funds":           {"项目资金（%s）", "Funds (%s)"},
	"form.funds.initial":   {"年初预算数", "Initial budget"},
	"form.funds.adjusted":  {"全年预算数", "Full-year budget"},
	"form.funds.executed":  {"全年执行数", "Amount spent"},
	"form.funds.total":     {"年度资金总额", "Total funds"},
	"form.funds.fiscal":    {"其中：当年财政拨款", "of which: this year's appropriation"},
	"form.funds.carryover": {"上年结转资金", "Carried over"},
	"form.funds.other":     {"其他资金", "Other funds"},
	"form.weight":          {"分值", "Weight"},
	"form.score":           {"得分", "Score"},
	"form.execution_rate":  {"执行率", "Execution rate"},
	"form.goals":           {"年度总体目标", "Annual goals"},
	"form.goals.expected":  {"预期目标", "Expected"},
	"form.goals.achieved":  {"实际完成情况", "Achieved"},
	"form.indicators":      {"绩效指标", "Indicators"},
	"form.level1":          {"一级指标", "Level 1"},
	"form.level2":          {"二级指标", "Level 2"},
	"form.name":            {"三级指标", "Indicator"},
	"form.target":          {"年度指标值", "Target"},
	"form.actual":          {"实际完成值", "Actual"},
	"form.deviation":       {"偏差原因分析及改进措施", "Deviation and remedy"},
	"form.achievement":     {"达成等级", "Grade"},
	"form.suggested":       {"建议", "Suggested"},
	"form.total":           {"总分", "Total"},
	"form.grade":           {"等级", "Grade"},
	"form.save":            {"保存", "Save"},
	"form.saved_at":        {"已保存 %s", "Saved %s"},
	"form.conflict":        {"此表已被 %s 于 %s 修改。您输入的内容仍在页面上，未被覆盖。", "%s changed this form at %s. What you typed is still on the page and was not overwritten."},
	"form.overwrite":       {"以我的内容保存", "Save mine over theirs"},
	"form.discard_mine":    {"放弃我的修改，查看最新版本", "Discard mine and see the latest"},
	"form.problems":        {"共 %d 项提示，其中 %d 项须修改后才能提交", "%d problems, %d of them must be fixed before submitting"},
	"form.read_only":       {"此表当前状态不可编辑。", "This form cannot be edited in its current state."},
	"form.row.add":         {"在下方插入一行", "Insert a row below"},
	"form.row.up":          {"上移", "Move up"},
	"form.row.down":        {"下移", "Move down"},
	"form.row.delete":      {"删除此行", "Delete this row"},
}

func init() { add(reviewMessages) }

// reviewMessages are the strings of reviewing, history and administration.
var reviewMessages = map[string][2]string{
	"nav.admin":                   {"管理", "Administration"},
	"review.title":                {"待审核的自评表", "Forms waiting for review"},
	"review.empty":                {"没有待审核的自评表。", "No form is waiting for review."},
	"review.blocking":             {"还有 %d 项错误须修改后才能提交：", "%d errors must be fixed before submitting:"},
	"review.returned_by":          {"%s 于 %s 退回：", "Returned by %s at %s:"},
	"review.changes":              {"退回后修改了 %d 处", "%d changes since the form was returned"},
	"review.flags":                {"请审核人关注的 %d 项", "%d things for the reviewer to look at"},
	"review.comment_row":          {"对指标行批注", "Comment on a row"},
	"review.comment_placeholder":  {"批注内容", "Your comment"},
	"review.return_placeholder":   {"退回意见（必填）", "Why it is returned (required)"},
	"review.reopen_placeholder":   {"重新打开的理由（必填）", "Why it is reopened (required)"},
	"review.done.submit":          {"已提交，等待审核。", "Submitted for review."},
	"review.done.return":          {"已退回。", "Returned."},
	"review.done.approve":         {"已审核通过。", "Approved."},
	"review.done.reopen":          {"已重新打开。", "Reopened."},
	"review.done.comment":         {"批注已添加。", "Comment added."},
	"review.form_level":           {"整张表", "The whole form"},
	"review.row":                  {"第 %d 行：%s", "Row %d: %s"},
	"history.title":               {"修改记录", "History"},
	"history.at":                  {"时间", "When"},
	"history.by":                  {"操作人", "Who"},
	"history.version":             {"版本", "Version"},
	"history.field":               {"字段", "Field"},
	"history.old":                 {"原值", "Old"},
	"history.new":                 {"新值", "New"},
	"print.title":                 {"打印", "Print"},
	"problem.funds.low_execution": {"执行率 %s%% 低于 90%%", "Execution rate %s%% is below 90%%"},
}

func init() { add(adminMessages) }

// adminMessages are the strings of the administration page.
var adminMessages = map[string][2]string{
	"admin.title":          {"部门、单位与用户", "Departments, units and users"},
	"admin.orgs":           {"部门与单位", "Departments and units"},
	"admin.org_name":       {"名称", "Name"},
	"admin.parent":         {"所属部门", "Department"},
	"admin.no_parent":      {"（无，新建部门）", "(none: a new department)"},
	"admin.add_org":        {"添加", "Add"},
	"admin.users":          {"用户", "Users"},
	"admin.role":           {"角色", "Role"},
	"admin.org":            {"部门或单位", "Department or unit"},
	"admin.state":          {"状态", "State"},
	"admin.disabled":       {"已停用", "Disabled"},
	"admin.update":         {"保存", "Save"},
	"admin.new_password":   {"新密码（至少 10 位）", "New password (10 or more)"},
	"admin.reset_password": {"重置密码", "Reset password"},
	"admin.add_user":       {"添加用户", "Add a user"},
	"admin.org_added":      {"已添加“%s”。", "Added “%s”."},
	"admin.user_added":     {"已添加用户 %s。", "Added the user %s."},
	"admin.user_updated":   {"已更新用户 %s。", "Updated the user %s."},
	"admin.password_reset": {"已重置 %s 的密码。", "Reset the password of %s."},
	"admin.duplicate":      {"名称“%s”已存在。", "The name “%s” is taken."},
	"admin.bad_password":   {"密码至少 10 个字符，最多 72 字节，不能是用户名，也不能是常见密码（如 1234567890）。", "A password has at least 10 characters and at most 72 bytes, and is neither the username nor a common password (such as 1234567890)."},
	"admin.bad_input":      {"请完整填写。", "Please fill in every field."},
}

func init() { add(printMessages) }

// printMessages are the strings of the printed form.
var printMessages = map[string][2]string{
	"print.print":       {"打印", "Print"},
	"print.filled_by":   {"填报人：", "Filled in by:"},
	"print.reviewed_by": {"审核人：", "Reviewed by:"},
	"print.head":        {"单位负责人：", "Head of unit:"},
	"print.date":        {"日期：　　年　　月　　日", "Date:"},
}

func init() { add(importMessages) }

// importMessages are the strings of importing and exporting.
var importMessages = map[string][2]string{
	"nav.import":       {"导入", "Import"},
	"import.title":     {"导入自评表", "Import forms"},
	"import.help":      {"粘贴从 Excel、WPS 或 PDF 复制的自评表，或上传 Excel（.xlsx）、JSON 文件。先预览，确认后创建为草稿。", "Paste a form copied from Excel, WPS or a PDF, or upload an Excel (.xlsx) or JSON file. Check the preview, then create the drafts."},
	"import.paste":     {"粘贴表格内容", "Paste the table"},
	"import.file":      {"或上传文件", "or upload a file"},
	"import.preview":   {"预览", "Preview"},
	"import.found":     {"找到 %d 张自评表（%s）", "Forms found: %d (%s)"},
	"import.rows":      {"指标行数", "Rows"},
	"import.notes":     {"读取时的推断", "What the reader guessed"},
	"import.create":    {"创建 %d 张草稿", "Create %d drafts"},
	"import.created":   {"已创建 %d 张草稿。", "Created %d drafts."},
	"import.nothing":   {"请粘贴内容或选择文件。", "Paste something or choose a file."},
	"import.failed":    {"无法导入，未创建任何自评表：%s", "Nothing was imported: %s"},
	"list.export_xlsx": {"导出本年度 Excel", "Export this year to Excel"},
	"list.copy_all":    {"本单位全部复制到下一年度", "Copy all of my unit's forms to next year"},
	"list.copied_all":  {"已复制 %d 张自评表到下一年度。", "Copied %d forms to next year."},
	"form.export_xlsx": {"导出 Excel", "Export to Excel"},
}

func init() {
	add(map[string][2]string{
		"form.indicator_score": {"绩效指标得分合计", "Indicator scores"},
		"form.copied_notice":   {"已从上年复制：年初预算数已按上年全年预算数填入，请确认；实际完成值、得分和偏差说明已清空。", "Copied from last year: the initial budget is last year's full-year budget, to confirm; actual values, scores and explanations were cleared."},
	})
}

func init() {
	add(map[string][2]string{
		"field.row":           {"第 %d 行", "Row %d"},
		"field.budget_weight": {"预算执行分值", "Budget weight"},
		"field.created":       {"创建", "Created"},
	})
}
