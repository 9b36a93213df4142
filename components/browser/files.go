package browser

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Files saves through a Blob and a temporary link, so that nothing leaves
// the browser: the file is made in the page (components.Files).
type Files struct{}

// Download makes a Blob of data and clicks a download link to it.
func (Files) Download(name, mimeType string, data []byte) error {
	if app.IsServer {
		return errors.New("downloads happen in the browser")
	}
	w := app.Window()
	bytes := w.Get("Uint8Array").New(len(data))
	app.CopyBytesToJS(bytes, data)
	blob := w.Get("Blob").New([]any{bytes}, map[string]any{"type": mimeType})
	url := w.Get("URL").Call("createObjectURL", blob)
	link := w.Get("document").Call("createElement", "a")
	link.Set("href", url)
	link.Set("download", name)
	link.Set("rel", "noopener")
	w.Get("document").Get("body").Call("appendChild", link)
	link.Call("click")
	link.Call("remove")
	// The browser has what it needs once the click is handled.
	w.Call("setTimeout", app.FuncOf(func(app.Value, []app.Value) any {
		w.Get("URL").Call("revokeObjectURL", url)
		return nil
	}), 60000)
	return nil
}

// ReadChosenFile reads the file chosen in an <input type=file> whose change
// event is being handled, and hands its name and bytes to done on the
// component's goroutine. A file larger than limit is not read.
func ReadChosenFile(ctx app.Context, limit int, done func(ctx app.Context, name string, data []byte, err error)) {
	files := ctx.JSSrc().Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > limit {
		done(ctx, name, nil, errors.New("the file is larger than any backup"))
		return
	}
	var onLoad, onFail app.Func
	release := func() { onLoad.Release(); onFail.Release() }
	onLoad = app.FuncOf(func(_ app.Value, args []app.Value) any {
		buf := app.Window().Get("Uint8Array").New(args[0])
		data := make([]byte, buf.Length())
		app.CopyBytesToGo(data, buf)
		release()
		ctx.Dispatch(func(ctx app.Context) { done(ctx, name, data, nil) })
		return nil
	})
	onFail = app.FuncOf(func(_ app.Value, args []app.Value) any {
		release()
		ctx.Dispatch(func(ctx app.Context) { done(ctx, name, nil, errors.New("the browser could not read the file")) })
		return nil
	})
	file.Call("arrayBuffer").Call("then", onLoad, onFail)
}
