package auth

import (
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Cost is the bcrypt cost of new hashes. Tests lower it to bcrypt.MinCost to stay fast.
var Cost = bcrypt.DefaultCost

// MinPasswordLength is the least number of characters (not bytes) a password has.
const MinPasswordLength = 8

// Errors of HashPassword.
var (
	ErrPasswordTooShort = fmt.Errorf("auth: password shorter than %d characters", MinPasswordLength)
	// ErrPasswordTooLong: bcrypt reads at most 72 bytes, which is 24 Chinese characters.
	// Refusing is better than silently ignoring the rest of what a person typed.
	ErrPasswordTooLong = errors.New("auth: password longer than 72 bytes")
)

// HashPassword returns the bcrypt hash of pw, to be stored in place of the password.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordRules(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), Cost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether pw matches hash.
//
// A password longer than HashPassword accepts never matches.
//
// Pass the empty hash when there is no such user (or the user is disabled): the check
// then runs against a dummy hash and takes as long as a real one, so the response time
// does not tell which usernames exist.
func CheckPassword(hash, pw string) bool {
	if hash == "" || len(pw) > 72 {
		// bcrypt ignores bytes beyond 72: never let such a password match.
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(pw[:min(len(pw), 72)]))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

var (
	dummyOnce sync.Once
	dummy     []byte
)

func dummyHash() []byte {
	dummyOnce.Do(func() {
		dummy, _ = bcrypt.GenerateFromPassword([]byte("selfeval-no-such-user"), Cost)
	})
	return dummy
}

// CheckPasswordRules refuses a password HashPassword would refuse (too short, too long),
// without the cost of hashing it.
func CheckPasswordRules(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return ErrPasswordTooShort
	}
	if len(pw) > 72 {
		return ErrPasswordTooLong
	}
	return nil
}
