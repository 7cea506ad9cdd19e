package i18n

// The reviewer's scores (审核得分, 扣分原因) of a form's rows, the difference report, the final
// figures of an approved form, and the approval or return of several forms at once.
func init() {
	add(map[string][2]string{
		"review_scores.title":            {"审核得分", "Review scores"},
		"review_scores.hint":             {"逐行填写审核得分（0 至该行分值）；低于自评得分时须填写扣分原因。按回车或“保存”保存该行。", "Enter a review score for each row (from 0 to the row's weight); a score below the self score needs a reason. Press Enter or Save to save the row."},
		"review_scores.row":              {"行", "Row"},
		"review_scores.self":             {"自评得分", "Self score"},
		"review_scores.score":            {"审核得分", "Review score"},
		"review_scores.reason":           {"扣分原因", "Reason"},
		"review_scores.difference":       {"差异", "Difference"},
		"review_scores.score_of":         {"第 %d 行审核得分", "Review score of row %d"},
		"review_scores.reason_of":        {"第 %d 行扣分原因", "Reason for row %d"},
		"review_scores.save":             {"保存", "Save"},
		"review_scores.saved":            {"已保存", "Saved"},
		"review_scores.differing":        {"审核得分与自评得分不同的 %d 行", "%d rows where the review score differs from the self score"},
		"review_scores.difference_line":  {"第 %d 行 %s：自评 %s，审核 %s（%s）", "Row %d %s: self %s, review %s (%s)"},
		"review_scores.because":          {"，扣分原因：%s", "; reason: %s"},
		"review_scores.no_difference":    {"已审核 %d 行，审核得分与自评得分一致。", "%d rows reviewed; the review scores are the self scores."},
		"review_scores.self_total":       {"自评总分", "Self total"},
		"review_scores.total":            {"按审核得分的总分", "Total under the review scores"},
		"review_scores.final_total":      {"最终总分（按审核得分）", "Final total (under the review scores)"},
		"review_scores.total_difference": {"（%s）", " (%s)"},
		"review_scores.capped":           {"（受执行率限制封顶）", "(capped by the execution rate)"},
		"review_scores.conflict":         {"%s 已于 %s 改为审核得分“%s”、扣分原因“%s”。你输入的仍在框中，再次保存将覆盖。", "%s changed it at %s to the review score “%s” and the reason “%s”. What you typed is still in the fields; save again to replace it."},
		"review_scores.conflict_form":    {"此表已被他人处理（已撤回、退回或通过），审核得分未保存。请刷新页面。", "Someone acted on this form meanwhile (withdrew, returned or approved it): the review score was not saved. Reload the page."},
		"review.done.review_score":       {"审核得分已保存。", "Review score saved."},

		"review_scores.error.no_row":          {"此表没有这一行。", "The form has no such row."},
		"review_scores.error.not_number":      {"审核得分“%s”不是数字。", "The review score “%s” is not a number."},
		"review_scores.error.precision":       {"审核得分“%s”的小数位过多。", "The review score “%s” has too many decimal places."},
		"review_scores.error.range":           {"审核得分“%s”须在 0 至 %s（该行分值）之间。", "The review score “%s” must be between 0 and %s (the row's weight)."},
		"review_scores.error.reason_required": {"审核得分低于自评得分（%s），请填写扣分原因。", "The review score is below the self score (%s): give the reason."},
		"review_scores.error.score_required":  {"请填写审核得分，或清空扣分原因。", "Enter a review score, or clear the reason."},
		"review_scores.error.reason_too_long": {"扣分原因超过 %s 个字。", "The reason is longer than %s characters."},

		"history.field.review_score":  {"审核得分", "review score"},
		"history.field.review_reason": {"扣分原因", "reason"},

		"print.review.title": {"审核得分 / 扣分原因", "Review scores / reasons"},
		"print.review.total": {"按审核得分的总分", "Total under the review scores"},
		"print.review.final": {"最终总分（按审核得分）", "Final total (under the review scores)"},

		"review_scores.bulk.select_one":          {"选择 %s", "Select %s"},
		"review_scores.bulk.comment":             {"退回意见（退回时必填，适用于所选各表）", "Return comment (required to return; for every form selected)"},
		"review_scores.bulk.comment_placeholder": {"退回意见", "Why they are returned"},
		"review_scores.bulk.approve":             {"通过所选", "Approve selected"},
		"review_scores.bulk.return":              {"退回所选", "Return selected"},
		"review_scores.bulk.confirm.approve":     {"确定审核通过所选的自评表？通过后不可再修改。", "Approve the selected forms? They cannot be changed afterwards."},
		"review_scores.bulk.confirm.return":      {"确定以此意见退回所选的自评表？", "Return the selected forms with this comment?"},
		"review_scores.bulk.done.approve":        {"已通过 %d 张：", "%d approved:"},
		"review_scores.bulk.done.return":         {"已退回 %d 张：", "%d returned:"},
		"review_scores.bulk.refused":             {"%d 张未处理：", "%d not done:"},
		"review_scores.bulk.reason":              {"：%s", ": %s"},
		"review_scores.bulk.unknown_form":        {"第 %d 号表", "Form %d"},
		"review_scores.bulk.none":                {"请先勾选要处理的自评表。", "Select the forms to act on first."},
		"review_scores.bulk.bad":                 {"所选的表无法识别，请刷新页面后重试。", "The forms selected could not be read: reload the page and try again."},
		"review_scores.bulk.changed":             {"此表已被修改或处理，请打开查看", "it changed or was acted on meanwhile: open it"},
		"review_scores.bulk.not_found":           {"此表不存在或无权查看", "no such form, or not yours to see"},
		"review_scores.bulk.failed":              {"保存失败，请重试", "it could not be saved: try again"},
	})
}
