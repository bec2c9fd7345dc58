//! Geometry shared by the PDF layout, its drawing and the couplets: a
//! length in points ([`Pt`]), a [`Point`], a [`Size`] and one [`Rect`], all
//! with `y` measured downwards from the top of the page (PDF's upward `y`
//! is made only where a page is drawn, `super::pdf::draw`).
//!
//! Thin wrappers of `f32`: each operation is the one `f32` operation, so
//! arithmetic written with them gives the bits it gave on bare numbers (the
//! output is compared byte for byte). Centimetres and millimetres become
//! points in one place, [`Pt::from_cm`] and [`Pt::from_mm`].

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points in one centimetre.
pub const PT_PER_CM: f32 = 72.0 / 2.54;
/// Points in one millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A length in PostScript points (1/72 inch).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    /// `cm` centimetres.
    pub fn from_cm(cm: f32) -> Pt {
        Pt(cm * PT_PER_CM)
    }

    /// `mm` millimetres.
    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * PT_PER_MM)
    }

    /// The number of points.
    pub fn get(self) -> f32 {
        self.0
    }

    /// The length in centimetres.
    pub fn to_cm(self) -> f32 {
        self.0 / PT_PER_CM
    }

    pub fn min(self, o: Pt) -> Pt {
        Pt(self.0.min(o.0))
    }

    pub fn max(self, o: Pt) -> Pt {
        Pt(self.0.max(o.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}

impl Mul<Pt> for f32 {
    type Output = Pt;
    fn mul(self, p: Pt) -> Pt {
        Pt(self * p.0)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, k: f32) -> Pt {
        Pt(self.0 / k)
    }
}

/// The ratio of two lengths.
impl Div for Pt {
    type Output = f32;
    fn div(self, o: Pt) -> f32 {
        self.0 / o.0
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}

/// A point on a page, from its top left.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    pub x: Pt,
    pub y: Pt,
}

impl Point {
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }

    /// A point from bare points (`f32`), as the layout computes them.
    pub fn pt(x: f32, y: f32) -> Point {
        Point::new(Pt(x), Pt(y))
    }

    /// This point moved right by `dx` and down by `dy`.
    pub fn shifted(self, dx: Pt, dy: Pt) -> Point {
        Point::new(self.x + dx, self.y + dy)
    }

    /// This point turned `degrees` clockwise (as seen, `y` downwards)
    /// about `c`.
    pub fn turned(self, c: Point, degrees: f32) -> Point {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (ux, uy) = ((self.x - c.x).0, (self.y - c.y).0);
        Point::pt(c.x.0 + ux * cos - uy * sin, c.y.0 + ux * sin + uy * cos)
    }
}

/// A width and a height.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Size {
    pub w: Pt,
    pub h: Pt,
}

impl Size {
    pub fn new(w: Pt, h: Pt) -> Size {
        Size { w, h }
    }

    /// A size from bare points (`f32`).
    pub fn pt(w: f32, h: f32) -> Size {
        Size::new(Pt(w), Pt(h))
    }

    /// `[width, height]` in centimetres, as `_couplets.yaml` gives sizes.
    pub fn from_cm([w, h]: [f32; 2]) -> Size {
        Size::new(Pt::from_cm(w), Pt::from_cm(h))
    }

    /// Width and height swapped: the paper turned (landscape).
    pub fn turned(self) -> Size {
        Size::new(self.h, self.w)
    }
}

/// A rectangle: its top left, width and height.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    pub x: Pt,
    pub y: Pt,
    pub w: Pt,
    pub h: Pt,
}

impl Rect {
    pub fn new(at: Point, size: Size) -> Rect {
        Rect {
            x: at.x,
            y: at.y,
            w: size.w,
            h: size.h,
        }
    }

    /// A rectangle from bare points (`f32`): left, top, width, height.
    pub fn pt(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect {
            x: Pt(x),
            y: Pt(y),
            w: Pt(w),
            h: Pt(h),
        }
    }

    pub fn origin(&self) -> Point {
        Point::new(self.x, self.y)
    }

    pub fn size(&self) -> Size {
        Size::new(self.w, self.h)
    }

    pub fn right(&self) -> Pt {
        self.x + self.w
    }

    pub fn bottom(&self) -> Pt {
        self.y + self.h
    }

    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// The same rectangle moved right by `dx` and down by `dy`.
    pub fn shifted(&self, dx: Pt, dy: Pt) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }

    /// Whether `p` lies in the rectangle or on its edge.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Whether the two rectangles overlap (more than along an edge).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// The corners, clockwise from the top left.
    pub fn corners(&self) -> [Point; 4] {
        [
            Point::new(self.x, self.y),
            Point::new(self.right(), self.y),
            Point::new(self.right(), self.bottom()),
            Point::new(self.x, self.bottom()),
        ]
    }

    /// The upright box around this rectangle turned `degrees` clockwise
    /// about `c`.
    pub fn turned_box(&self, c: Point, degrees: f32) -> Rect {
        let corners = self.corners().map(|p| p.turned(c, degrees));
        let (x0, x1, y0, y1) = corners.iter().fold(
            (f32::MAX, f32::MIN, f32::MAX, f32::MIN),
            |(x0, x1, y0, y1), p| (x0.min(p.x.0), x1.max(p.x.0), y0.min(p.y.0), y1.max(p.y.0)),
        );
        Rect::pt(x0, y0, x1 - x0, y1 - y0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_keep_their_f32_bits() {
        let (a, b, c) = (12.345_f32, 0.1_f32, 3.0_f32);
        assert_eq!((Pt(a) - Pt(b) * c).0, a - b * c);
        assert_eq!((Pt(a) / c).0, a / c);
        assert_eq!(Pt::from_cm(2.0).0, 2.0 * (72.0 / 2.54));
        assert_eq!(Pt(a) / Pt(b), a / b);
    }

    #[test]
    fn rects() {
        let r = Rect::pt(10.0, 20.0, 30.0, 40.0);
        assert_eq!(r.right(), Pt(40.0));
        assert_eq!(r.bottom(), Pt(60.0));
        assert_eq!(r.center(), Point::pt(25.0, 40.0));
        assert!(r.contains(Point::pt(40.0, 60.0)));
        assert!(!r.intersects(&Rect::pt(40.0, 20.0, 5.0, 5.0)));
        let t = r.turned_box(r.center(), 90.0);
        assert!((t.w.0 - 40.0).abs() < 1e-4 && (t.h.0 - 30.0).abs() < 1e-4);
    }
}
